import { verifyPushSignature } from '../../apps/gateway/src/intake/push-signature';
import { type AppealItemV1, type FeedbackV1, type RoutedTicketV1 } from '../../libs/shared/src/contracts';
import { createKey } from '../support/api-keys';
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

const item = (n: string, place: string, content: string): AppealItemV1 =>
  countyItem(n, 'whs', place, content);
const ysItem = item('d', ...YINGSHANG_STREETLIGHT);
const lqItem = item('e', ...LINQUAN_STALLS);
const ysReturned = item(
  'f',
  '颍上县谢桥镇',
  '颍上县谢桥镇小区物业不作为，楼下餐馆油烟扰民，门口垃圾堆积没人清运，夜里还有流动摊贩占道经营。',
);

/**
 * Status webhooks end to end: real Kafka, PostgreSQL, router and gateway; feedback (受理/办结) is published on
 * appeal.feedback.v1 as a handling unit's system would, and a local receiver stands in for the sub-platforms.
 */
describe('webhooks: ticket.accepted and ticket.closed', () => {
  let hub: HubFixture;
  let base: string;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const keys: Record<'ys' | 'city', string> = {} as never;
  const subs: Record<'ysClosed' | 'ysDecisions' | 'city', { id: string; secret: string }> = {} as never;

  const call = gatewayCaller(() => base);
  const bodyOf = (h: ReceivedHook) => JSON.parse(h.raw.toString('utf8')) as HookBody;
  const bodies = (path: string) => receiver.at(path).map(bodyOf);

  async function subscribe(key: string, body: Record<string, unknown>) {
    const res = await call('POST', '/api/v1/webhooks', key, body);
    expect(res.status).toBe(201);
    const view = res.body.subscription as { id: string; events: string[] };
    return { id: view.id, secret: res.body.secret as string, events: view.events };
  }

  async function decision(itemId: string, revision: number): Promise<RoutedTicketV1> {
    let found: RoutedTicketV1 | undefined;
    await waitFor(
      `decision ${revision} of ${itemId}`,
      async () => {
        const rows = await hub.db.query<{ ticket: RoutedTicketV1 }>(
          `SELECT ticket FROM routing_decisions WHERE item_id = $1 AND decision_revision = $2`,
          [itemId, revision],
        );
        found = rows[0]?.ticket;
        return !!found;
      },
      60000,
    );
    return found!;
  }

  const feedback = (
    t: RoutedTicketV1,
    kind: FeedbackV1['kind'],
    tag: string,
    more: Partial<FeedbackV1> = {},
  ): FeedbackV1 => ({
    schemaVersion: 1,
    eventId: `evt-${tag}-${t.item.id.slice(3, 11)}`,
    itemId: t.item.id,
    decisionRevision: t.decisionRevision,
    kind,
    department: t.decision.lead?.department ?? 'unknown',
    actor: '李四',
    at: new Date().toISOString(),
    ...more,
  });
  const publish = (f: FeedbackV1) => publishJson(hub.kafka, hub.prefix, 'feedback', f.itemId, f);

  beforeAll(async () => {
    hub = await startHub('webhook-status');
    Object.assign(hub.env, {
      WEBHOOKS_POLL_MS: '100',
      SECRETS_KEY: 'webhook-status-e2e-secrets-key-long-enough',
    });
    receiver = await startWebhookReceiver({
      '/ys/closed': () => 200,
      '/ys/decisions': () => 200,
      '/city': () => 204,
    });
    await Promise.all([hub.apps.gateway.start(), hub.apps.router.start()]);
    base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
    keys.ys = await createKey(hub.db, 'consumer', { name: '颍上县12345分平台', counties: [YINGSHANG] });
    keys.city = await createKey(hub.db, 'consumer', { name: '市12345中心', counties: ['341200'] });
  });

  afterAll(async () => {
    await receiver?.close();
    await hub?.close();
  });

  it('delivers a signed ticket.closed for a 颍上 ticket to the 颍上 key, never one for a 临泉 ticket', async () => {
    subs.ysClosed = await subscribe(keys.ys, { url: receiver.url('/ys/closed'), events: ['ticket.closed'] });
    // What a subscription made before these events existed holds: decisions only, no status events.
    subs.ysDecisions = await subscribe(keys.ys, {
      url: receiver.url('/ys/decisions'),
      events: ['ticket.routed', 'ticket.triage'],
    });
    const city = await subscribe(keys.city, { url: receiver.url('/city') });
    // Without a list a subscription takes every event: 督办 (029), 不满意 re-open (034) and 热点 (036) included.
    expect(city.events).toEqual([
      'ticket.routed',
      'ticket.triage',
      'ticket.accepted',
      'ticket.closed',
      'ticket.due_soon',
      'ticket.overdue',
      'ticket.escalated',
      'ticket.reopened',
      'hotspot.detected',
    ]);
    subs.city = city;

    await publishJson(hub.kafka, hub.prefix, 'items', ysItem.id, ysItem);
    await publishJson(hub.kafka, hub.prefix, 'items', lqItem.id, lqItem);
    const ys = await decision(ysItem.id, 1);
    const lq = await decision(lqItem.id, 1);
    expect([ys.decision.mode, lq.decision.mode]).toEqual(['auto', 'auto']);
    expect(ys.decision.jurisdiction.codes.county).toBe(YINGSHANG);
    expect(lq.decision.jurisdiction.codes.county).toBe(LINQUAN);

    for (const t of [ys, lq]) {
      await publish(feedback(t, 'accepted', 'acc'));
      await publish(feedback(t, 'closed', 'close', { reason: '已办结，群众满意' }));
    }
    await waitFor('the city-wide key to hear both tickets accepted and closed', () => {
      const status = bodies('/city').filter((b) => b.feedback);
      return status.length >= 4;
    });
    await waitFor('the 颍上 key to hear its ticket closed', () => receiver.at('/ys/closed').length >= 1);

    const cityStatus = bodies('/city').filter((b) => b.feedback);
    expect(cityStatus.map((b) => `${b.ticket.item.id}:${b.event}`).sort()).toEqual(
      [
        `${ysItem.id}:ticket.accepted`,
        `${ysItem.id}:ticket.closed`,
        `${lqItem.id}:ticket.accepted`,
        `${lqItem.id}:ticket.closed`,
      ].sort(),
    );

    const [hook] = receiver.at('/ys/closed');
    const ts = String(hook.headers['x-minsheng-timestamp']);
    const sig = String(hook.headers['x-minsheng-signature']);
    expect(verifyPushSignature(subs.ysClosed.secret, hook.raw, ts, sig)).toEqual({ ok: true });
    expect(verifyPushSignature(subs.city.secret, hook.raw, ts, sig).ok).toBe(false);
    expect(hook.headers['x-minsheng-event']).toBe('ticket.closed');
    const body = bodyOf(hook);
    expect(body).toMatchObject({
      event: 'ticket.closed',
      eventId: `${ysItem.id}:1:ticket.closed`,
      subscriptionId: subs.ysClosed.id,
      feedback: {
        eventId: `evt-close-${ysItem.id.slice(3, 11)}`,
        kind: 'closed',
        department: ys.decision.lead?.department,
        reason: '已办结，群众满意',
      },
      ticket: { item: { id: ysItem.id }, decisionRevision: 1 },
    });
    expect(body.ticket).toEqual(ys);
    expect(Object.keys(body.feedback!).sort()).toEqual(['at', 'department', 'eventId', 'kind', 'reason']);
    // The unit's clerk is not named, and reporter data stays masked.
    expect(hook.raw.toString()).not.toContain('李四');
    expect(receiver.received.map((h) => h.raw.toString()).join('\n')).not.toMatch(CLEAR_PHONE);

    // Every 临泉 event has reached the city key by now; none may reach a 颍上 subscription.
    expect(bodies('/ys/closed').map((b) => `${b.ticket.item.id}:${b.event}`)).toEqual([
      `${ysItem.id}:ticket.closed`,
    ]);
    expect(bodies('/ys/decisions').map((b) => `${b.ticket.item.id}:${b.event}`)).toEqual([
      `${ysItem.id}:ticket.routed`,
    ]);
    const rows = await hub.db.query<{ item_id: string; event: string }>(
      `SELECT item_id, event FROM webhook_deliveries WHERE subscription_id = ANY($1)`,
      [[subs.ysClosed.id, subs.ysDecisions.id]],
    );
    expect(rows.map((r) => `${r.item_id}:${r.event}`).sort()).toEqual(
      [`${ysItem.id}:ticket.closed`, `${ysItem.id}:ticket.routed`].sort(),
    );
  });

  it('sends one ticket.closed per decision revision, however often it is closed again', async () => {
    const ys = await decision(ysItem.id, 1);
    // The router takes feedback only from a unit of the decision (decision 024): the lead closes it a second time.
    await publish(feedback(ys, 'closed', 'close-again'));
    await waitFor('the router to record the second close', async () => {
      const [{ n }] = await hub.db.query<{ n: string }>(
        `SELECT count(*) AS n FROM feedback_events WHERE item_id = $1 AND kind = 'closed'`,
        [ysItem.id],
      );
      return Number(n) === 2;
    });
    await new Promise((r) => setTimeout(r, 1500));
    const [{ n }] = await hub.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM webhook_deliveries WHERE item_id = $1 AND event = 'ticket.closed'`,
      [ysItem.id],
    );
    expect(Number(n)).toBe(2); // the 颍上 subscription's and the city's, as before
  });

  it('yields no delivery for feedback answering a stale decision revision', async () => {
    await publishJson(hub.kafka, hub.prefix, 'items', ysReturned.id, ysReturned);
    const first = await decision(ysReturned.id, 1);
    expect(first.decision.mode).toBe('auto');
    await publish(feedback(first, 'returned', 'ret', { reason: '不属于本单位职责' }));
    const second = await decision(ysReturned.id, 2);

    const stale = feedback(first, 'closed', 'stale');
    await publish(stale);
    await waitFor('the gateway to skip the stale close', () =>
      hub.apps.gateway.lines.some((l) => l.includes(stale.eventId) && l.includes('stale_decision')),
    );
    // The same item (same partition), after it: once this is delivered, the stale close has been passed over.
    expect(second.decision.mode).toBe('auto');
    await publish(feedback(second, 'closed', 'current'));
    await waitFor('the close of the current decision', () =>
      bodies('/city').some((b) => b.event === 'ticket.closed' && b.ticket.item.id === ysReturned.id),
    );
    expect(
      bodies('/city')
        .filter((b) => b.event === 'ticket.closed' && b.ticket.item.id === ysReturned.id)
        .map((b) => b.ticket.decisionRevision),
    ).toEqual([2]);
    const rows = await hub.db.query<{ decision_revision: number }>(
      `SELECT decision_revision FROM webhook_deliveries WHERE item_id = $1 AND event = 'ticket.closed'`,
      [ysReturned.id],
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.decision_revision))).toEqual(new Set([2]));
  });
});
