import { createHash } from 'node:crypto';
import { type Producer } from 'kafkajs';
import { seedRoutingContext } from '../../libs/routing/src';
import { type AppealItemV1, type RoutedTicketV1, topicName } from '../../libs/shared/src/contracts';
import { sampleItem } from '../fixtures/appeal-item';
import { bearer, createKey } from '../support/api-keys';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { Collector, waitFor } from '../support/kafka-helpers';
import { startWebhookReceiver } from '../support/webhook-receiver';

const id = (n: number) => `ap_${String(n).padStart(32, '0')}`;
const PHONE = '13912345678';

function appeal(n: number, content: string, addressText: string, extra: Partial<AppealItemV1> = {}) {
  const receivedAt = '2026-11-20T08:00:00+08:00';
  return sampleItem({
    id: id(n),
    traceId: `trace-ratings-${n}`,
    content,
    receivedAt,
    submittedAt: receivedAt,
    source: { ...sampleItem().source, externalId: `ratings-${n}`, fetchedAt: receivedAt },
    location: { addressText, precision: 'address', origin: 'citizen' },
    ...extra,
  });
}

/** A: rated 不满意 by follow-up calls; B: 满意 from an upstream record, twice; C: 满意 by follow-up, twice. */
const A = appeal(1, '颍上县慎城镇某小区门口垃圾堆积没人清运，臭气熏天', '阜阳市颍上县慎城镇');
const B = appeal(2, '颍上县某超市销售过期食品，要求查处', '阜阳市颍上县');
const C = appeal(3, '临泉县城关街道某小区物业不作为，电梯停运一周无人维修', '阜阳市临泉县城关街道');

interface Rating {
  decisionRevision: number;
  rating: string;
  comment: string | null;
  source: string;
  actor: string;
}
interface Recorded {
  eventId: string | null;
  decisionRevision: number;
  duplicate: boolean;
  rating: Rating | null;
}
interface Page {
  tickets: { id: string; status: string; decisionRevision: number }[];
  nextCursor: string | null;
}

/**
 * 好差评 and the 办理不满意专区 on the real gateway, router, Kafka and PostgreSQL: tickets are routed, accepted and
 * closed through the API; a 不满意 from a follow-up call re-opens one to the same lead under 督办 with a shorter
 * deadline, and past the limit sends it to triage; 满意 delivered twice (an upstream record's revisions, a follow-up
 * call) is one row of ticket_ratings — the rows the 亮晒比 statistics count.
 */
describe('ratings (好差评), follow-up calls (回访) and the dissatisfaction queue (办理不满意专区)', () => {
  let hub: HubFixture;
  let collector: Collector;
  let producer: Producer;
  let base: string;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const keys: Record<string, string> = {};

  const call = async <T>(method: string, path: string, key: string, body?: unknown, headers = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...bearer(keys[key]), 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  const rate = (n: number, body: unknown, key = 'city', headers = {}) =>
    call<Recorded & { code?: string }>('POST', `/api/v1/tickets/${id(n)}/ratings`, key, body, headers);
  const decisions = (n: number) =>
    collector.messages
      .filter((m) => m.key === id(n))
      .map((m) => JSON.parse(m.value) as RoutedTicketV1)
      .sort((a, b) => a.decisionRevision - b.decisionRevision);
  const head = async (n: number) =>
    (
      await hub.db.query<{ status: string; decision_revision: number; reopen_count: number }>(
        `SELECT status, decision_revision, reopen_count FROM ticket_heads WHERE item_id = $1`,
        [id(n)],
      )
    )[0];
  const ratings = (n: number) =>
    hub.db.query<{ decision_revision: number; rating: string; comment: string | null; source: string }>(
      `SELECT decision_revision, rating, comment, source FROM ticket_ratings WHERE item_id = $1 ORDER BY decision_revision`,
      [id(n)],
    );
  /** 受理 then 办结 of the current decision, as its lead (the city-wide key answers for any unit). */
  const acceptAndClose = async (n: number) => {
    for (const kind of ['accept', 'close'] as const) {
      const res = await call('POST', `/api/v1/tickets/${id(n)}/feedback`, 'city', { kind });
      expect(res.status).toBe(202);
      const want = kind === 'accept' ? 'accepted' : 'closed';
      await waitFor(`${id(n)} ${want}`, async () => (await head(n)).status === want, 30000);
    }
  };
  const sendItems = (items: AppealItemV1[]) =>
    producer.send({
      topic: topicName('items', hub.prefix),
      messages: items.map((item) => ({ key: item.id, value: JSON.stringify(item) })),
    });
  const page = async (path: string, key = 'admin') => {
    const res = await call<Page>('GET', path, key);
    expect(res.status).toBe(200);
    return res.body.tickets.map((t) => t.id);
  };

  beforeAll(async () => {
    hub = await startHub('ratings', {
      env: { DISSATISFIED_MAX_REOPENS: '1', FOLLOW_UP_SAMPLE_RATE: '1', WEBHOOKS_POLL_MS: '100' },
    });
    receiver = await startWebhookReceiver({ '/reopened': () => 200 });
    base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
    collector = new Collector(hub.kafka, hub.prefix, ['routed', 'triage']);
    await collector.start();
    await hub.apps.router.start();
    await hub.apps.gateway.start();
    keys.admin = await createKey(hub.db, 'admin', { name: 'admin' });
    keys.city = await createKey(hub.db, 'consumer', { name: '12345 回访', counties: ['341200'] });
    keys.yingshang = await createKey(hub.db, 'consumer', { name: 'yingshang', counties: ['341226'] });
    keys.linquan = await createKey(hub.db, 'consumer', { name: 'linquan', counties: ['341221'] });
    keys.unit = await createKey(hub.db, 'consumer', {
      name: 'town office',
      counties: ['341200'],
      departments: ['town-office'],
    });
    for (const item of [A, B, C])
      await hub.db.query(
        `INSERT INTO appeal_items (id, revision, channel, external_id, connector_id, content_sha256, payload, received_at)
         VALUES ($1, 1, $2, $3, 'manual', $4, $5, $6)`,
        [
          item.id,
          item.channel,
          item.source.externalId,
          createHash('sha256').update(item.content).digest('hex'),
          JSON.stringify(item),
          item.receivedAt,
        ],
      );
    const sub = await call('POST', '/api/v1/webhooks', 'yingshang', {
      url: receiver.url('/reopened'),
      events: ['ticket.reopened'],
    });
    expect(sub.status).toBe(201);
    producer = hub.kafka.producer();
    await producer.connect();
    await sendItems([A, B, C]);
    await waitFor(
      'every item routed',
      // Heads are written before the Kafka transaction commits: wait for both.
      async () =>
        [1, 2, 3].every((n) => decisions(n).length === 1) &&
        !!((await head(1)) && (await head(2)) && (await head(3))),
      60000,
    );
  });

  afterAll(async () => {
    await producer?.disconnect();
    await collector?.stop();
    await receiver?.close();
    await hub?.close();
  });

  it('takes a rating only for a closed ticket, and never from the handling unit itself', async () => {
    expect(decisions(1)[0].decision.mode).toBe('auto');
    const open = await rate(1, { rating: '满意' });
    expect(open.status).toBe(409);
    expect(open.body.code).toBe('conflict');
    expect((await rate(1, { rating: '很好' })).status).toBe(400);
    for (const n of [1, 2, 3]) await acceptAndClose(n);
    const own = await rate(1, { rating: '满意' }, 'unit');
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('forbidden');
    // Out of scope answers like missing.
    expect((await rate(3, { rating: '满意' }, 'yingshang')).status).toBe(404);
    expect(await ratings(1)).toEqual([]);
  });

  it('lists closed, unrated tickets for follow-up calls (回访), in the key’s scope', async () => {
    expect((await page('/api/v1/follow-ups')).sort()).toEqual([id(1), id(2), id(3)]);
    expect((await page('/api/v1/follow-ups', 'yingshang')).sort()).toEqual([id(1), id(2)]);
    expect(await page('/api/v1/follow-ups?county=341221')).toEqual([id(3)]);
  });

  it('re-opens a ticket rated 不满意 into the 办理不满意专区: same lead, 督办, a shorter deadline', async () => {
    const first = decisions(1)[0];
    const headers = { 'Idempotency-Key': 'follow-up-a-0001' };
    const body = { rating: '不满意', comment: `垃圾还在，请回电 ${PHONE}` };
    const res = await rate(1, body, 'city', headers);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ decisionRevision: 1, duplicate: false, rating: null });
    await waitFor('A re-opened', () => decisions(1).length === 2, 30000);
    const reopened = decisions(1)[1];
    expect(reopened.decisionRevision).toBe(2);
    expect(reopened.decision).toMatchObject({
      mode: 'auto',
      supervised: true,
      reopen: { count: 1, ratedRevision: 1 },
      lead: first.decision.lead,
      co: first.decision.co,
      grade: first.decision.grade,
    });
    const days = Math.max(1, Math.ceil(first.decision.workingDays! / 2));
    expect(reopened.decision.workingDays).toBe(days);
    expect(days).toBeLessThan(first.decision.workingDays!);
    // Counted from the day of the rating (when the router decided), on the working calendar.
    const due = seedRoutingContext().calendar.dueDate(new Date(reopened.decision.decidedAt), days);
    expect(reopened.decision.dueAt).toBe(due.dueAt);
    expect(reopened.decision.explanation.join('\n')).not.toContain(PHONE);
    await waitFor('A head moved', async () => (await head(1)).decision_revision === 2, 30000);
    expect(await head(1)).toEqual({ status: 'routed', decision_revision: 2, reopen_count: 1 });
    const stored = await ratings(1);
    expect(stored).toEqual([
      { decision_revision: 1, rating: 'dissatisfied', comment: expect.any(String), source: 'follow_up' },
    ]);
    expect(stored[0].comment).toContain('垃圾还在');
    expect(stored[0].comment).not.toContain(PHONE);

    // The queue, by scope; the re-opened ticket has left the follow-up list.
    expect(await page('/api/v1/dissatisfied')).toEqual([id(1)]);
    expect(await page('/api/v1/dissatisfied', 'yingshang')).toEqual([id(1)]);
    expect(await page('/api/v1/dissatisfied', 'linquan')).toEqual([]);
    expect(await page('/api/v1/follow-ups')).not.toContain(id(1));
    // Published like any decision, and as its own webhook event to a subscriber of the 专区.
    await waitFor('ticket.reopened delivered', () => receiver.at('/reopened').length > 0, 30000);
    const hooks = receiver
      .at('/reopened')
      .map((h) => JSON.parse(h.raw.toString('utf8')) as Record<string, unknown>);
    expect(hooks.map((h) => [h.event, h.eventId])).toEqual([
      ['ticket.reopened', `${id(1)}:2:ticket.reopened`],
    ]);

    // Delivered again: a retried key is the same event, the same rating is answered with the stored one, another is 409.
    expect((await rate(1, body, 'city', headers)).body).toMatchObject({ duplicate: true });
    const again = await rate(1, body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ eventId: null, duplicate: true, rating: { rating: 'dissatisfied' } });
    const other = await rate(1, { rating: '满意' });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('rating_exists');
    expect(decisions(1)).toHaveLength(2);
    expect(await ratings(1)).toHaveLength(1);

    // The detail shows the rating (masked) beside the trace.
    const detail = await call<{ ratings: Rating[]; trace: unknown[] }>(
      'GET',
      `/api/v1/tickets/${id(1)}`,
      'yingshang',
    );
    expect(detail.body.trace).toHaveLength(2);
    expect(detail.body.ratings).toEqual([
      expect.objectContaining({ decisionRevision: 1, rating: 'dissatisfied', source: 'follow_up' }),
    ]);
    expect(detail.body.ratings[0].comment).not.toContain(PHONE);
    expect(detail.body.ratings[0].actor).toBe('platform:follow-up');
  });

  it('past DISSATISFIED_MAX_REOPENS, sends the ticket to triage with the reason', async () => {
    await acceptAndClose(1);
    expect((await rate(1, { rating: 'dissatisfied', comment: '还是没解决' })).status).toBe(202);
    await waitFor('A to triage', () => decisions(1).length === 3, 30000);
    expect(decisions(1)[2].decision).toMatchObject({
      mode: 'triage',
      reason: 'dissatisfied_too_often',
      reopen: { count: 2, ratedRevision: 2 },
    });
    await waitFor('A head in triage', async () => (await head(1)).status === 'triage', 30000);
    expect((await ratings(1)).map((r) => [r.decision_revision, r.rating])).toEqual([
      [1, 'dissatisfied'],
      [2, 'dissatisfied'],
    ]);
    expect(await page('/api/v1/dissatisfied')).toEqual([id(1)]);
  });

  it('counts a 满意 from an upstream record once, however often the record says it', async () => {
    const rated = (revision: number, comment?: string): AppealItemV1 => ({
      ...B,
      revision,
      upstream: { status: '已办结', satisfaction: '满意', satisfactionComment: comment },
    });
    await sendItems([rated(2, '处理及时'), rated(2, '处理及时'), rated(3, '处理及时')]);
    await waitFor('B rated', async () => (await ratings(2)).length === 1, 30000);
    // A 不满意 on a later revision rates a round that already has its rating: nothing changes.
    await sendItems([{ ...rated(4, '处理及时'), upstream: { satisfaction: '不满意' } }]);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await ratings(2)).toEqual([
      { decision_revision: 1, rating: 'satisfied', comment: '处理及时', source: 'upstream' },
    ]);
    expect(await head(2)).toEqual({ status: 'closed', decision_revision: 1, reopen_count: 0 });
    expect(decisions(2)).toHaveLength(1);
    const same = await rate(2, { rating: '满意', comment: '处理及时' });
    expect(same.status).toBe(200);
    expect(same.body.rating).toMatchObject({ rating: 'satisfied', source: 'upstream' });
  });

  it('counts a 满意 from a follow-up call once when it is recorded twice', async () => {
    // Back to back: the second may reach the router as a second event before the first is stored; one row either way.
    const [first, second] = [await rate(3, { rating: 'satisfied' }), await rate(3, { rating: '满意' })];
    expect(first.status).toBe(202);
    expect([200, 202]).toContain(second.status);
    await waitFor('C rated', async () => (await ratings(3)).length === 1, 30000);
    const third = await rate(3, { rating: '满意' }, 'admin', { 'Idempotency-Key': 'follow-up-c-0002' });
    expect(third.status).toBe(200);
    expect(third.body).toMatchObject({
      duplicate: true,
      decisionRevision: 1,
      rating: { rating: 'satisfied' },
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await ratings(3)).toEqual([
      { decision_revision: 1, rating: 'satisfied', comment: null, source: 'follow_up' },
    ]);
    expect(await head(3)).toMatchObject({ status: 'closed', decision_revision: 1 });
    expect(decisions(3)).toHaveLength(1);
    expect(await page('/api/v1/follow-ups')).toEqual([]);
    const audit = await hub.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'ticket.rating' AND entity_id = $1`,
      [id(3)],
    );
    expect(audit[0].n).toBe(3);
  });
  it('counts every stored rating once in the 亮晒比 statistics, the 不满意 ones and the re-opened rounds included', async () => {
    const stored = await hub.db.query<{ rating: string; n: number }>(
      `SELECT rating, count(*)::int AS n FROM ticket_ratings GROUP BY rating`,
    );
    const want = Object.fromEntries(stored.map((r) => [r.rating, r.n]));
    expect(want.dissatisfied).toBeGreaterThanOrEqual(2);
    const stats = await call<{ rows: { counts: Record<string, number> }[] }>(
      'GET',
      '/api/v1/stats?period=month&groupBy=county&from=2026-11-01&to=2026-11-30',
      'admin',
    );
    expect(stats.status).toBe(200);
    const sum = (k: string) => stats.body.rows.reduce((n, r) => n + (r.counts[k] ?? 0), 0);
    expect({
      rated: sum('rated'),
      satisfied: sum('satisfied'),
      basicallySatisfied: sum('basicallySatisfied'),
      dissatisfied: sum('dissatisfied'),
    }).toEqual({
      rated: stored.reduce((n, r) => n + r.n, 0),
      satisfied: want.satisfied ?? 0,
      basicallySatisfied: want.basically_satisfied ?? 0,
      dissatisfied: want.dissatisfied,
    });
  });
});
