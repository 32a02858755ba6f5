import { createHmac } from 'node:crypto';
import { type Browser } from 'playwright-core';
import { appealId } from '../../libs/shared/src/ids';
import { bearer, createKey } from '../support/api-keys';
import { ConsoleTab, launchBrowser } from '../support/console-browser';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { waitFor } from '../support/kafka-helpers';

const CHANNEL = 'miniapp_rules';
const FUND = 'housing-provident-fund';
const HRSS = 'human-resources-social-security';

/**
 * The 规则 page in Debian's chromium against the real gateway, connectors (outbox relay), router, Kafka and
 * PostgreSQL: an admin edits a draft rule, simulates it on the items pushed so far, publishes it, and the next
 * pushed item is routed by it; rolling back routes the one after that the old way again. The overview then counts
 * those letters as the API does.
 */
describe('console 规则 rules and 总览 overview (browser)', () => {
  let hub: HubFixture;
  let browser: Browser;
  let base: string;
  let admin: string;
  let secret: string;
  const tabs: ConsoleTab[] = [];
  let pushed = 0;

  /** A signed push delivery, as a mini-programme would send it; answers the item id once it is routed. */
  async function push(title: string, content: string): Promise<string> {
    pushed += 1;
    const externalId = `rules-${pushed}`;
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
    await waitFor(`the ticket of ${id}`, async () => (await head(id)) !== undefined, 60_000);
    return id;
  }
  const head = async (id: string) =>
    (
      await hub.db.query<{ status: string; lead_department: string | null }>(
        `SELECT status, lead_department FROM ticket_heads WHERE item_id = $1`,
        [id],
      )
    )[0];
  /** Runs `action`, then waits for the router to load `version` (lines logged before it do not count). */
  async function routerLoads(version: number, action: () => Promise<unknown>) {
    const since = hub.apps.router.lines.length;
    await action();
    await waitFor(
      `the router to load rule set ${version}`,
      () =>
        hub.apps.router.lines
          .slice(since)
          .some((l) => l.includes('published rule set loaded') && l.includes(`"ruleSetVersion":${version}`)),
      30_000,
    );
  }

  beforeAll(async () => {
    hub = await startHub('consolerules');
    await Promise.all([hub.apps.gateway.start(), hub.apps.connectors.start(), hub.apps.router.start()]);
    base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
    admin = await createKey(hub.db, 'admin', { name: '规则管理员' });
    // The push channel is opened through the API, which shows its signing secret this once.
    const res = await fetch(`${base}/api/v1/push-channels`, {
      method: 'POST',
      headers: bearer(admin, { 'content-type': 'application/json' }),
      body: JSON.stringify({ channel: CHANNEL }),
    });
    expect(res.status).toBe(201);
    secret = ((await res.json()) as { issuedSecret: string }).issuedSecret;
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

  it('an admin edits a draft rule, sees a validation error at its field, simulates the diff with examples, publishes, and rolls back', async () => {
    // History the simulation runs on: two provident-fund letters and one about street lights, routed by version 2.
    const history = [
      await push('单位不缴公积金', '颍州区文峰街道某公司三年没给员工缴住房公积金'),
      await push('公积金提取难', '在颍州区文峰街道办公积金提取，跑了三趟还没办好'),
      await push('路灯不亮', '颍州区文峰街道清河路的路灯坏了一个星期'),
    ];
    for (const id of history.slice(0, 2)) expect(await head(id)).toMatchObject({ lead_department: FUND });
    const lightsBefore = (await head(history[2])).lead_department;

    const tab = await ConsoleTab.open(browser, base);
    tabs.push(tab);
    await tab.signIn(admin);
    await tab.goto('/rules');
    const page = tab.page;
    await expect(page.getByTestId('status-2').textContent()).resolves.toBe('已发布');

    // A draft as a copy of the published version, opened in the editor.
    await page.getByTestId('copy-2').click();
    await expect(page.getByTestId('status-3').textContent()).resolves.toBe('草稿');
    await page.getByPlaceholder('搜索编号、名称、关键词').fill('公积金');
    await page.getByPlaceholder('搜索编号、名称、关键词').press('Enter');
    await page.getByTestId('edit-provident-fund').click();

    // The lead department moves to 人社; a keyword over 50 characters is refused by the API at its field.
    await page.getByTestId('rule-lead').click();
    await page.keyboard.type('人力资源和社会保障');
    await page.keyboard.press('Enter');
    const anyField = page.locator('[data-field="any"]');
    await anyField.locator('input').fill('公'.repeat(51));
    await anyField.locator('input').press('Enter');
    await page.getByRole('button', { name: '应用到草稿' }).click();
    await page.getByRole('button', { name: /校\s*验/ }).click();
    await page.getByTestId('rule-error-provident-fund').waitFor();
    await page.getByTestId('edit-provident-fund').click();
    await expect(anyField.locator('.ant-form-item-explain-error').textContent()).resolves.toContain(
      'at most 50 characters',
    );
    await anyField.locator('.ant-select-selection-item-remove').last().click();
    await page.getByRole('button', { name: '应用到草稿' }).click();
    await page.getByRole('button', { name: /保存草稿/ }).click();
    await expect(page.getByTestId('rule-lead-provident-fund').textContent()).resolves.toContain('人力资源');
    await waitFor('the draft saved', async () => (await page.getByText('未保存').count()) === 0, 10_000);
    const [stored] = await hub.db.query<{ department: string }>(
      `SELECT r->'then'->'lead'->>'department' AS department
         FROM rule_sets s, jsonb_array_elements(s.document->'rules') r
        WHERE s.version = 3 AND r->>'id' = 'provident-fund'`,
    );
    expect(stored.department).toBe(HRSS);

    // Simulated on the stored items: exactly the two provident-fund letters change department, shown as examples.
    await page.getByTestId('simulate').click();
    await expect(page.getByTestId('sim-changed').textContent()).resolves.toBe('2');
    await expect(page.getByTestId('sim-moves').textContent()).resolves.toContain('（2 条）');
    const examples = page.getByTestId('sim-examples-department');
    for (const id of history.slice(0, 2)) await examples.getByRole('cell', { name: id }).waitFor();
    expect(await examples.getByRole('cell', { name: history[2] }).count()).toBe(0);
    // The whole page: the versions, the edited rule and the simulation report below them.
    await tab.screenshot('rules', { fullPage: true });

    // Publish, with the confirmation saying what will change; the next letter goes to 人社.
    await routerLoads(3, async () => {
      await page.getByTestId('publish-3').click();
      const confirm = page.locator('.ant-popconfirm');
      await expect(confirm.textContent()).resolves.toContain('2 条的决定会变化');
      await confirm.getByRole('button', { name: '确认发布' }).click();
      await page.getByTestId('status-3').getByText('已发布').waitFor();
    });
    const after = await push('公积金转移', '颍州区文峰街道：离职以后公积金怎么转到外地去');
    expect(await head(after)).toMatchObject({ status: 'routed', lead_department: HRSS });
    const lights = await push('路灯闪烁', '颍州区文峰街道颍河路的路灯一直闪');
    expect((await head(lights)).lead_department).toBe(lightsBefore);
    await tab.goto(`/tickets/${after}`);
    await expect(page.getByTestId('ticket-lead').textContent()).resolves.toContain(HRSS);

    // Roll back to version 2: the letter after that goes to the provident-fund centre again.
    await tab.goto('/rules');
    await expect(page.getByTestId('status-2').textContent()).resolves.toBe('已归档');
    await routerLoads(2, async () => {
      await page.getByTestId('rollback-2').click();
      await page.locator('.ant-popconfirm').getByRole('button', { name: '确认回滚' }).click();
      await page.getByTestId('status-2').getByText('已发布').waitFor();
    });
    await tab.screenshot('rules-rolled-back');
    const restored = await push('公积金贷款', '颍州区文峰街道：公积金贷款审批太慢');
    expect(await head(restored)).toMatchObject({ status: 'routed', lead_department: FUND });
    await tab.goto(`/tickets/${restored}`);
    await expect(page.getByTestId('ticket-lead').textContent()).resolves.toContain(FUND);

    const log = await hub.db.query<{ action: string; entity_id: string }>(
      `SELECT action, entity_id FROM audit_log WHERE entity = 'rule_set' ORDER BY id`,
    );
    expect(log.map((l) => `${l.action} ${l.entity_id}`)).toEqual([
      'rule_set.draft 3',
      'rule_set.update_draft 3',
      'rule_set.publish 3',
      'rule_set.rollback 2',
    ]);
  });
  it("shows today's figures and the 30-day charts from GET /api/v1/overview, to admins and auditors only", async () => {
    // The letters of the test above, all received today (Shanghai) on the one push channel.
    const [heads] = await hub.db.query<{ auto: string; triage: string }>(
      `SELECT count(*) FILTER (WHERE mode = 'auto') AS auto, count(*) FILTER (WHERE status = 'triage') AS triage
         FROM ticket_heads`,
    );
    const res = await fetch(`${base}/api/v1/overview`, { headers: bearer(admin) });
    expect(res.status).toBe(200);
    const overview = (await res.json()) as {
      received: { today: number; routedAuto: number };
      triageQueue: number;
      overdue: number;
      connectors: { total: number; degraded: number };
      itemsByDay: { day: string; channel: string; items: number }[];
      today: string;
    };
    expect(overview.received).toMatchObject({ today: pushed, routedAuto: Number(heads.auto) });
    expect(overview.triageQueue).toBe(Number(heads.triage));
    expect(overview.overdue).toBe(0);
    expect(overview.connectors).toEqual({ total: 0, degraded: 0, paused: 0 });
    expect(overview.itemsByDay).toEqual([{ day: overview.today, channel: CHANNEL, items: pushed }]);
    const consumer = await createKey(hub.db, 'consumer', { counties: ['341202'] });
    expect((await fetch(`${base}/api/v1/overview`, { headers: bearer(consumer) })).status).toBe(403);

    const tab = await ConsoleTab.open(browser, base);
    tabs.push(tab);
    await tab.signIn(admin);
    // The overview is an admin's home page.
    await tab.goto('/');
    await tab.page.waitForURL(/\/console\/overview$/);
    await expect(tab.page.getByTestId('stat-received').textContent()).resolves.toBe(String(pushed));
    await expect(tab.page.getByTestId('stat-auto').textContent()).resolves.toBe(heads.auto);
    await tab.page.getByTestId('chart-items').locator('canvas').waitFor();
    await tab.screenshot('overview');

    const auditor = await ConsoleTab.open(browser, base);
    tabs.push(auditor);
    await auditor.signIn(await createKey(hub.db, 'auditor'));
    await auditor.goto('/overview');
    await expect(auditor.page.getByTestId('stat-received').textContent()).resolves.toBe(String(pushed));
    expect(await auditor.page.getByRole('menuitem').allTextContents()).toEqual(['总览', '审计']);
  });
});
