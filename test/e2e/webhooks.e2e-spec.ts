import { verifyPushSignature } from '../../apps/gateway/src/intake/push-signature';
import { type AppealItemV1 } from '../../libs/shared/src/contracts';
import { createKey } from '../support/api-keys';
import { AppProcess } from '../support/app-process';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { publishJson, waitFor } from '../support/kafka-helpers';
import { type ReceivedHook, startWebhookReceiver } from '../support/webhook-receiver';
import {
  CLEAR_PHONE,
  countyItem,
  gatewayCaller,
  type HookBody,
  LINQUAN,
  LINQUAN_STALLS,
  YINGSHANG,
  YINGSHANG_STREETLIGHT,
} from '../support/webhook-fixtures';

interface View {
  id: string;
  keyId: string;
  url: string;
  active: boolean;
}
interface Delivery {
  id: string;
  eventId: string;
  itemId: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  redeliveryOf: string | null;
  attemptLog: { attempt: number; statusCode: number | null; error: string | null; durationMs: number }[];
}
const TIMEOUT_MS = 3000;
const item = (n: string, place: string, content: string): AppealItemV1 => countyItem(n, 'wh', place, content);
const ysItem = item('a', ...YINGSHANG_STREETLIGHT);
const lqItem = item('b', ...LINQUAN_STALLS);
const ysLater = item('c', '颍上县谢桥镇', '颍上县谢桥镇集镇上的垃圾桶满了几天没人清运，臭气熏天。');

/**
 * Webhooks end to end: real Kafka, PostgreSQL, router and two gateway replicas (both consume the routed topics and
 * dispatch), and a local HTTP receiver standing in for the county sub-platforms.
 */
describe('webhooks', () => {
  let hub: HubFixture;
  let replica: AppProcess;
  let base: string;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let deadRecovered = false;
  const keys: Record<'ys' | 'city' | 'other' | 'ysHousing' | 'admin' | 'auditor', string> = {} as never;
  const secrets: string[] = [];
  const subs: Record<'ys' | 'city' | 'flaky' | 'dead' | 'slow', { id: string; secret: string }> = {} as never;
  const shown: string[] = [];

  const call = gatewayCaller(
    () => base,
    (text) => shown.push(text),
  );
  const deliveries = async (sub: string, key = keys.ys) =>
    (await call('GET', `/api/v1/webhooks/${sub}/deliveries`, key)).body.deliveries as Delivery[];
  const bodyOf = (h: ReceivedHook) => JSON.parse(h.raw.toString('utf8')) as HookBody;

  const send = (value: AppealItemV1) => publishJson(hub.kafka, hub.prefix, 'items', value.id, value);

  async function subscribe(
    key: string,
    body: Record<string, unknown>,
  ): Promise<{ id: string; secret: string }> {
    const res = await call('POST', '/api/v1/webhooks', key, body);
    expect(res.status).toBe(201);
    const secret = res.body.secret as string;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    secrets.push(secret);
    return { id: (res.body.subscription as View).id, secret };
  }

  beforeAll(async () => {
    hub = await startHub('webhooks');
    Object.assign(hub.env, {
      WEBHOOKS_POLL_MS: '100',
      WEBHOOKS_MAX_ATTEMPTS: '4',
      WEBHOOKS_BACKOFF_BASE_MS: '200',
      WEBHOOKS_BACKOFF_MAX_MS: '1000',
      WEBHOOKS_TIMEOUT_MS: String(TIMEOUT_MS),
      SECRETS_KEY: 'webhooks-e2e-secrets-key-of-enough-length',
    });
    replica = new AppProcess('gateway', {
      ...hub.env,
      GATEWAY_PORT: String(Number(hub.env.GATEWAY_PORT) + 1000),
    });
    receiver = await startWebhookReceiver({
      '/ok/ys': () => 200,
      '/ok/city': () => 204,
      '/flaky': (_, seen) => (seen <= 2 ? 500 : 200),
      '/dead': () => (deadRecovered ? 200 : 500),
      '/slow': () => 'hang',
    });
    await Promise.all([hub.apps.gateway.start(), replica.start(), hub.apps.router.start()]);
    base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
    keys.ys = await createKey(hub.db, 'consumer', { name: '颍上县12345分平台', counties: [YINGSHANG] });
    keys.city = await createKey(hub.db, 'consumer', { name: '市12345中心', counties: ['341200'] });
    keys.other = await createKey(hub.db, 'consumer', { name: '颍上县另一系统', counties: [YINGSHANG] });
    keys.ysHousing = await createKey(hub.db, 'consumer', {
      name: '颍上县住建局',
      counties: [YINGSHANG],
      departments: ['housing-construction'],
    });
    keys.admin = await createKey(hub.db, 'admin');
    keys.auditor = await createKey(hub.db, 'auditor');
  });

  afterAll(async () => {
    await receiver?.close();
    await replica?.kill('SIGTERM');
    await hub?.close();
  });

  it('refuses a filter outside the key scope and obviously wrong targets with 400', async () => {
    const outside = await call('POST', '/api/v1/webhooks', keys.ys, {
      url: receiver.url('/ok/ys'),
      filters: { counties: [LINQUAN] },
    });
    expect(outside.status).toBe(400);
    expect(outside.body.code).toBe('out_of_scope');
    const department = await call('POST', '/api/v1/webhooks', keys.ysHousing, {
      url: receiver.url('/ok/ys'),
      filters: { departments: ['market-regulation'] },
    });
    expect(department).toMatchObject({ status: 400, body: { code: 'out_of_scope' } });
    for (const url of ['ftp://example.gov.cn/x', 'https://u:p@example.gov.cn/x', 'http://0.0.0.0/x', 'x'])
      expect((await call('POST', '/api/v1/webhooks', keys.ys, { url })).status).toBe(400);
    const unknown = await call('POST', '/api/v1/webhooks', keys.ys, {
      url: receiver.url('/ok/ys'),
      events: ['ticket.deleted'],
    });
    expect(unknown.status).toBe(400);
    expect((await call('GET', '/api/v1/webhooks', keys.ys)).body.webhooks).toEqual([]);
  });

  it('delivers signed 颍上 tickets to the 颍上 key, never a 临泉 one, and both to a city-wide key', async () => {
    subs.ys = await subscribe(keys.ys, { url: receiver.url('/ok/ys'), description: '颍上分平台' });
    subs.flaky = await subscribe(keys.ys, {
      url: receiver.url('/flaky'),
      events: ['ticket.routed', 'ticket.triage'],
      filters: { counties: [YINGSHANG] },
    });
    subs.dead = await subscribe(keys.ys, { url: receiver.url('/dead') });
    subs.city = await subscribe(keys.city, { url: receiver.url('/ok/city') });
    subs.slow = await subscribe(keys.city, { url: receiver.url('/slow') });

    await send(ysItem);
    await send(lqItem);
    await waitFor('the city-wide key to get both tickets', () => receiver.at('/ok/city').length >= 2, 90000);
    await waitFor('the 颍上 key to get its ticket', () => receiver.at('/ok/ys').length >= 1, 30000);

    const city = receiver.at('/ok/city').map(bodyOf);
    expect(city.map((b) => b.ticket.decision.jurisdiction.codes.county).sort()).toEqual([LINQUAN, YINGSHANG]);
    expect(city.map((b) => b.ticket.item.id).sort()).toEqual([ysItem.id, lqItem.id]);

    for (const [path, sub] of [
      ['/ok/ys', subs.ys],
      ['/ok/city', subs.city],
    ] as const) {
      for (const hook of receiver.at(path)) {
        const ts = String(hook.headers['x-minsheng-timestamp']);
        const sig = String(hook.headers['x-minsheng-signature']);
        expect(verifyPushSignature(sub.secret, hook.raw, ts, sig)).toEqual({ ok: true });
        expect(verifyPushSignature(subs.flaky.secret, hook.raw, ts, sig).ok).toBe(false);
        const body = bodyOf(hook);
        expect(hook.headers['x-minsheng-delivery']).toBe(body.deliveryId);
        expect(hook.headers['x-minsheng-event']).toBe(body.event);
        expect(body.subscriptionId).toBe(sub.id);
        expect(body.eventId).toBe(`${body.ticket.item.id}:${body.ticket.decisionRevision}:${body.event}`);
        expect(['ticket.routed', 'ticket.triage']).toContain(body.event);
      }
    }
    // Give a wrongly matched 临泉 delivery every chance to show up before saying it never does.
    await waitFor('the dead target to be tried', () => receiver.at('/dead').length >= 2, 30000);
    const ys = receiver.at('/ok/ys').map(bodyOf);
    expect(ys.map((b) => b.ticket.item.id)).toEqual([ysItem.id]);
    expect(ys[0].ticket.decision.jurisdiction.codes.county).toBe(YINGSHANG);
    const ysKeyRows = await hub.db.query<{ item_id: string }>(
      `SELECT DISTINCT d.item_id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
       WHERE s.id = ANY($1)`,
      [[subs.ys.id, subs.flaky.id, subs.dead.id]],
    );
    expect(ysKeyRows.map((r) => r.item_id)).toEqual([ysItem.id]);
    // Masked reporter data only: the ticket carries no clear phone number.
    expect(receiver.received.map((h) => h.raw.toString()).join('\n')).not.toMatch(CLEAR_PHONE);
  });

  it('retries with backoff: 500, 500, 200 is delivered on attempt 3; always failing ends failed; redelivery sends again', async () => {
    await waitFor(
      'the flaky target to succeed',
      async () => (await deliveries(subs.flaky.id))[0]?.status === 'delivered',
    );
    const [flaky] = await deliveries(subs.flaky.id);
    expect(flaky).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200, lastError: null });
    expect(flaky.attemptLog.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    const tries = receiver.at('/flaky');
    expect(tries.map((h) => h.headers['x-minsheng-attempt'])).toEqual(['1', '2', '3']);
    expect(new Set(tries.map((h) => h.headers['x-minsheng-delivery']))).toEqual(new Set([flaky.id]));
    // Backoff: base 200 ms doubling with jitter, so at least 100 ms then 200 ms between the attempts.
    expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(100);
    expect(tries[2].at - tries[1].at).toBeGreaterThanOrEqual(200);

    await waitFor(
      'the dead target to fail for good',
      async () => (await deliveries(subs.dead.id))[0]?.status === 'failed',
    );
    const [dead] = await deliveries(subs.dead.id);
    // A consumer sees the coarse code, an admin the detail (decision 022).
    expect(dead).toMatchObject({ status: 'failed', attempts: 4, lastStatusCode: 500, lastError: 'http_5xx' });
    expect((await deliveries(subs.dead.id, keys.admin))[0].lastError).toBe('HTTP 500');
    expect(dead.attemptLog).toHaveLength(4);
    expect(receiver.at('/dead')).toHaveLength(4);

    deadRecovered = true;
    const redelivered = await call(
      'POST',
      `/api/v1/webhooks/${subs.dead.id}/deliveries/${dead.id}/redeliver`,
      keys.ys,
    );
    expect(redelivered.status).toBe(202);
    expect(redelivered.body).toMatchObject({
      status: 'pending',
      redeliveryOf: dead.id,
      eventId: dead.eventId,
    });
    const again = redelivered.body.id as string;
    expect(again).not.toBe(dead.id);
    await waitFor('the redelivery', () =>
      receiver.at('/dead').some((h) => h.headers['x-minsheng-delivery'] === again),
    );
    await waitFor('the redelivery to be logged', async () =>
      (await deliveries(subs.dead.id)).some((d) => d.id === again && d.status === 'delivered'),
    );
    const log = await deliveries(subs.dead.id);
    expect(log.map((d) => [d.id, d.status])).toEqual([
      [again, 'delivered'],
      [dead.id, 'failed'],
    ]);
    expect(bodyOf(receiver.at('/dead').at(-1)!).eventId).toBe(dead.eventId);

    // A receiver that never answers times out and fails on its own, without holding up the others.
    await waitFor('the slow target to fail', async () =>
      (await deliveries(subs.slow.id, keys.city)).every((d) => d.status === 'failed'),
    );
    const slow = await deliveries(subs.slow.id, keys.city);
    expect(slow).toHaveLength(2);
    for (const d of slow) expect(d.attemptLog.map((a) => a.error)).toEqual(Array(4).fill('timeout'));
    for (const d of await deliveries(subs.slow.id, keys.admin))
      expect(d.attemptLog.map((a) => a.error)).toEqual(Array(4).fill(`timed out after ${TIMEOUT_MS} ms`));
    for (const d of await deliveries(subs.city.id, keys.city))
      expect(Date.parse(d.deliveredAt!) - Date.parse(d.createdAt)).toBeLessThan(TIMEOUT_MS);
  });

  it('sends each delivery once across two gateway replicas (retries aside)', async () => {
    for (const path of ['/ok/ys', '/ok/city']) {
      const ids = receiver.at(path).map((h) => String(h.headers['x-minsheng-delivery']));
      expect(new Set(ids).size).toBe(ids.length);
    }
    const [{ n }] = await hub.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM webhook_deliveries WHERE redelivery_of IS NULL
       GROUP BY subscription_id, item_id, decision_revision, event ORDER BY count(*) DESC LIMIT 1`,
    );
    expect(Number(n)).toBe(1);
    const consuming = [hub.apps.gateway, replica].filter((g) =>
      g.lines.some((l) => l.includes('webhooks consuming')),
    );
    expect(consuming).toHaveLength(2);
  });

  it("answers 404 to another key for this key's webhook, lets an admin read all, and refuses admin changes", async () => {
    const id = subs.ys.id;
    expect((await call('GET', `/api/v1/webhooks/${id}`, keys.other)).status).toBe(404);
    expect((await call('PATCH', `/api/v1/webhooks/${id}`, keys.other, { active: false })).status).toBe(404);
    expect((await call('DELETE', `/api/v1/webhooks/${id}`, keys.other)).status).toBe(404);
    expect((await call('POST', `/api/v1/webhooks/${id}/rotate-secret`, keys.other)).status).toBe(404);
    expect((await call('GET', `/api/v1/webhooks/${id}/deliveries`, keys.other)).status).toBe(404);
    const [delivery] = await deliveries(id);
    const foreign = await call(
      'POST',
      `/api/v1/webhooks/${id}/deliveries/${delivery.id}/redeliver`,
      keys.other,
    );
    expect(foreign.status).toBe(404);
    // Nor through its own webhook id: a delivery of another subscription is not found there.
    const mine = await subscribe(keys.other, { url: receiver.url('/ok/other') });
    const crossed = await call(
      'POST',
      `/api/v1/webhooks/${mine.id}/deliveries/${delivery.id}/redeliver`,
      keys.other,
    );
    expect(crossed.status).toBe(404);
    expect(
      ((await call('GET', '/api/v1/webhooks', keys.other)).body.webhooks as View[]).map((w) => w.id),
    ).toEqual([mine.id]);
    expect((await call('GET', `/api/v1/webhooks/${id}`, keys.ys)).body).toMatchObject({ id, active: true });

    const all = (await call('GET', '/api/v1/webhooks', keys.admin)).body.webhooks as View[];
    expect(all.map((w) => w.id)).toEqual(expect.arrayContaining([subs.ys.id, subs.city.id, mine.id]));
    expect((await call('GET', `/api/v1/webhooks/${id}/deliveries`, keys.admin)).status).toBe(200);
    expect((await call('PATCH', `/api/v1/webhooks/${id}`, keys.admin, { active: false })).status).toBe(403);
  });

  it('rotates the secret: the next delivery is signed with the new one', async () => {
    const rotated = await call('POST', `/api/v1/webhooks/${subs.ys.id}/rotate-secret`, keys.ys);
    expect(rotated.status).toBe(201);
    const secret = rotated.body.secret as string;
    expect(secret).not.toBe(subs.ys.secret);
    secrets.push(secret);
    expect((await call('PATCH', `/api/v1/webhooks/${subs.ys.id}`, keys.ys, { active: false })).status).toBe(
      200,
    );
    expect((await call('PATCH', `/api/v1/webhooks/${subs.ys.id}`, keys.ys, { active: true })).status).toBe(
      200,
    );

    await send(ysLater);
    await waitFor('the later 颍上 ticket', () =>
      receiver.at('/ok/ys').some((h) => bodyOf(h).ticket.item.id === ysLater.id),
    );
    const hook = receiver.at('/ok/ys').find((h) => bodyOf(h).ticket.item.id === ysLater.id)!;
    const ts = String(hook.headers['x-minsheng-timestamp']);
    const sig = String(hook.headers['x-minsheng-signature']);
    expect(verifyPushSignature(secret, hook.raw, ts, sig)).toEqual({ ok: true });
    expect(verifyPushSignature(subs.ys.secret, hook.raw, ts, sig).ok).toBe(false);
    expect((await call('DELETE', `/api/v1/webhooks/${subs.dead.id}`, keys.ys)).status).toBe(200);
    expect((await call('GET', `/api/v1/webhooks/${subs.dead.id}`, keys.ys)).status).toBe(404);
  });

  it('audits every change with the actor and never shows or logs a signing secret after creation', async () => {
    const audit = async (id: string) =>
      (
        (await call('GET', `/api/v1/audit?entity=webhook&entityId=${id}`, keys.auditor)).body.entries as {
          action: string;
          actor: string;
        }[]
      ).reverse();
    const [ysKeyId] = /^msk_([0-9a-f]{16})_/.exec(keys.ys)!.slice(1);
    const ys = await audit(subs.ys.id);
    expect(ys.map((e) => e.action)).toEqual([
      'webhook.create',
      'webhook.rotate_secret',
      'webhook.update',
      'webhook.update',
    ]);
    expect(ys.every((e) => e.actor === `key:${ysKeyId}:颍上县12345分平台`)).toBe(true);
    expect((await audit(subs.dead.id)).map((e) => e.action)).toEqual([
      'webhook.create',
      'webhook.redeliver',
      'webhook.delete',
    ]);

    const responsesAfterCreation = shown.filter((t) => !t.includes('"secret":"whsec_'));
    const auditText = JSON.stringify(await hub.db.query(`SELECT * FROM audit_log`));
    const stored = await hub.db.query<{ secret: string }>(`SELECT secret FROM webhook_subscriptions`);
    expect(stored.every((r) => r.secret.startsWith('enc:v1:'))).toBe(true);
    const logs = [...hub.apps.gateway.lines, ...replica.lines].join('\n');
    expect(logs).toContain('webhook delivered');
    for (const secret of secrets) {
      const core = secret.slice('whsec_'.length);
      expect(shown.filter((t) => t.includes(core))).toHaveLength(1);
      expect(responsesAfterCreation.join('\n')).not.toContain(core);
      expect(logs).not.toContain(core);
      expect(auditText).not.toContain(core);
      expect(stored.map((r) => r.secret).join()).not.toContain(core);
    }
  });
});
