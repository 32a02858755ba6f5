import { createHmac } from 'node:crypto';
import { type Browser } from 'playwright-core';
import { topicName } from '../../libs/shared/src/contracts';
import { appealId } from '../../libs/shared/src/ids';
import { sampleItem } from '../fixtures/appeal-item';
import { bearer, createKey } from '../support/api-keys';
import { ConsoleTab, launchBrowser } from '../support/console-browser';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { waitFor } from '../support/kafka-helpers';

const CHANNEL = 'console_ops';

/**
 * The operators' and departments' daily work in Debian's chromium against the real gateway, connectors (outbox
 * relay), router, Kafka and PostgreSQL: an operator opens a push channel (its secret shown once, then signs the
 * letters below), sees a dead letter and replays it; a consumer key accepts and closes a routed ticket.
 */
describe('console 推送渠道, 死信 and 工单 feedback (browser)', () => {
  let hub: HubFixture;
  let browser: Browser;
  let base: string;
  let keys: { operator: string; consumer: string };
  let secret = '';
  const tabs: ConsoleTab[] = [];

  const open = async (): Promise<ConsoleTab> => {
    const tab = await ConsoleTab.open(browser, base);
    tabs.push(tab);
    return tab;
  };

  /** A signed push delivery with the secret the console showed; answers the item id once it is routed. */
  async function push(externalId: string, title: string, content: string): Promise<string> {
    const raw = JSON.stringify({
      externalId,
      title,
      content,
      appealType: 'complaint',
      submittedAt: new Date().toISOString(),
      address: '阜阳市颍州区文峰街道',
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`;
    const res = await fetch(`${base}/intake/${CHANNEL}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-minsheng-timestamp': timestamp,
        'x-minsheng-signature': signature,
      },
      body: raw,
    });
    expect(res.status).toBe(202);
    const id = appealId(CHANNEL, externalId);
    await waitFor(`${id} routed`, async () => (await status(id)) === 'routed', 60_000);
    return id;
  }
  const status = async (id: string) =>
    (await hub.db.query<{ status: string }>(`SELECT status FROM ticket_heads WHERE item_id = $1`, [id]))[0]
      ?.status;

  beforeAll(async () => {
    hub = await startHub('consoleops');
    await Promise.all([hub.apps.gateway.start(), hub.apps.connectors.start(), hub.apps.router.start()]);
    base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
    keys = { operator: await createKey(hub.db, 'operator'), consumer: await createKey(hub.db, 'consumer') };
    browser = await launchBrowser();
  });

  afterEach(async () => {
    const errors = tabs.flatMap((t) => t.errors);
    for (const t of tabs.splice(0)) await t.close();
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('an operator creates a push channel and sees its signing secret once, not after a reload', async () => {
    const tab = await open();
    await tab.signIn(keys.operator);
    await tab.goto('/push-channels');
    await tab.page.getByRole('button', { name: /新建推送渠道/ }).click();
    await tab.page.getByLabel('渠道标识').fill(CHANNEL);
    await tab.page.getByRole('button', { name: /创\s*建/ }).click();
    const shown = tab.page.getByTestId('issued-secret');
    await shown.waitFor();
    secret = (await shown.textContent())?.trim() ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(16);
    await tab.screenshot('push-channel-secret');
    await tab.page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await tab.page.getByRole('cell', { name: CHANNEL }).waitFor();

    await tab.page.reload();
    await tab.page.getByRole('cell', { name: CHANNEL }).waitFor();
    await tab.page.getByRole('cell', { name: '已设置' }).waitFor();
    expect(await tab.page.content()).not.toContain(secret);
    await tab.screenshot('push-channels');
    // The secret the page showed is the one the channel checks: a letter signed with it is taken in and routed.
    await push('ops-0', '路灯不亮', '颍州区文峰街道清河路的路灯坏了一个星期');
  });

  it('an operator sees a dead letter with its reason and raw reference, and replays it', async () => {
    const producer = hub.kafka.producer();
    await producer.connect();
    const bad = sampleItem({
      location: { addressText: '临泉县城关街道', precision: 'address', origin: 'citizen' },
    });
    await producer.send({
      topic: topicName('items', hub.prefix),
      messages: [{ key: bad.id, value: JSON.stringify({ ...bad, id: 'not-an-id' }) }],
    });
    await producer.disconnect();
    await waitFor(
      'the bad record dead-lettered',
      async () =>
        (await hub.db.query(`SELECT 1 FROM dead_letters WHERE message_key = $1`, [bad.id])).length > 0,
      60_000,
    );
    const [letter] = await hub.db.query<{ id: string }>(
      `SELECT id FROM dead_letters WHERE message_key = $1`,
      [bad.id],
    );

    const tab = await open();
    await tab.signIn(keys.operator);
    await tab.goto('/dead-letters');
    // The replayed record fails again and makes a new letter: the row is found by the replayed letter's id.
    const row = tab.page
      .getByRole('row')
      .filter({ has: tab.page.getByRole('cell', { name: letter.id, exact: true }) });
    await row.getByText('schema_invalid').waitFor();
    await row.getByText(bad.id, { exact: false }).waitFor();
    await row.getByText(topicName('items', hub.prefix), { exact: false }).waitFor();
    await tab.screenshot('dead-letters');
    await row.getByRole('button', { name: /重\s*放/ }).click();
    await row.getByText(/已重放/).waitFor();
    const [after] = await hub.db.query<{ replayed_at: Date | null }>(
      `SELECT replayed_at FROM dead_letters WHERE id = $1`,
      [letter.id],
    );
    expect(after.replayed_at).not.toBeNull();
  });

  it('a consumer key accepts (受理) then closes (办结) a routed ticket from its detail page', async () => {
    const id = await push('ops-1', '小区垃圾没人清运', '颍州区文峰街道某小区的垃圾三天没有清运了');
    const tab = await open();
    await tab.signIn(keys.consumer);
    await tab.goto(`/tickets/${id}`);
    await tab.page.getByTestId('ticket-status').getByText('已分派').waitFor();
    await tab.page.getByRole('button', { name: /受\s*理/ }).click();
    await tab.page.getByTestId('ticket-status').getByText('已签收').waitFor({ timeout: 30_000 });
    expect(await tab.page.getByRole('button', { name: /受\s*理/ }).isDisabled()).toBe(true);

    const reply = '已安排环卫清运，感谢您的反映。';
    await tab.page.getByRole('button', { name: /办\s*结/ }).click();
    await tab.page.getByLabel(/答复群众/).fill(reply);
    await tab.screenshot('ticket-close');
    await tab.page.getByRole('button', { name: /提\s*交/ }).click();
    await tab.page.getByTestId('ticket-status').getByText('已办结').waitFor({ timeout: 30_000 });
    await tab.screenshot('ticket-closed');
    for (const label of [/受\s*理/, /退\s*单/, /办\s*结/])
      expect(await tab.page.getByRole('button', { name: label }).isDisabled()).toBe(true);

    const res = await fetch(`${base}/api/v1/tickets/${id}`, { headers: bearer(keys.consumer) });
    const body = (await res.json()) as {
      status: string;
      feedback: { kind: string; reason?: string | null }[];
    };
    expect(body.status).toBe('closed');
    expect(body.feedback.map((f) => f.kind)).toEqual(['accepted', 'closed']);
    expect(body.feedback[1].reason).toBe(reply);
  });

  it('a 退单 needs its reason, and a refused answer shows the API message and correlation id', async () => {
    const id = await push('ops-2', '路面坑洼', '颍州区文峰街道颍河路有一个大坑，雨天积水');
    const tab = await open();
    await tab.signIn(keys.consumer);
    await tab.goto(`/tickets/${id}`);
    await tab.page.getByTestId('ticket-status').getByText('已分派').waitFor();
    // Closed meanwhile by another desk through the API: the page still offers 退单, the gateway refuses it.
    const closed = await fetch(`${base}/api/v1/tickets/${id}/feedback`, {
      method: 'POST',
      headers: bearer(keys.consumer, { 'content-type': 'application/json' }),
      body: JSON.stringify({ kind: 'close', reason: '已处理' }),
    });
    expect(closed.status).toBe(202);
    await waitFor(`${id} closed`, async () => (await status(id)) === 'closed', 30_000);

    await tab.page.getByRole('button', { name: /退\s*单/ }).click();
    await tab.page.getByRole('button', { name: /提\s*交/ }).click();
    await tab.page.getByText('请填写退单原因').waitFor();
    await tab.page.getByLabel('退单原因').fill('不属于本单位职责');
    await tab.page.getByRole('button', { name: /提\s*交/ }).click();
    const alert = tab.page.getByTestId('api-error');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/办结[\s\S]*关联编号 \S+/);
    await tab.screenshot('ticket-return-refused');
    expect(tab.apiFailures.some((f) => f.includes('409'))).toBe(true);
  });
});
