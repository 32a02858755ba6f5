import { createHash } from 'node:crypto';
import { type AppealItemV1, type RoutedTicketV1, topicName } from '../../libs/shared/src/contracts';
import { sampleItem } from '../fixtures/appeal-item';
import { bearer, createKey } from '../support/api-keys';
import { AppProcess } from '../support/app-process';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { Collector, waitFor } from '../support/kafka-helpers';

const id = (n: number) => `ap_${String(n).padStart(32, '0')}`;

function appeal(n: number, content: string, receivedAt: string, addressText?: string): AppealItemV1 {
  return sampleItem({
    id: id(n),
    traceId: `trace-tickets-${n}`,
    content,
    receivedAt,
    submittedAt: receivedAt,
    source: { ...sampleItem().source, externalId: `tickets-${n}`, fetchedAt: receivedAt },
    location: addressText
      ? { addressText, precision: 'address', origin: 'citizen' }
      : { precision: 'none', origin: 'none' },
  });
}

/**
 * Ties on received_at (01/02, 03/07) and a microsecond apart (03/04): the cursor must neither skip nor repeat them.
 * 05, 11 and 12 name no place and go to triage.
 */
const ITEMS = [
  appeal(
    1,
    '颍上县慎城镇某小区门口垃圾堆积没人清运，臭气熏天',
    '2026-11-20T08:00:00+08:00',
    '阜阳市颍上县慎城镇',
  ),
  appeal(2, '颍上县某超市销售过期食品，要求查处', '2026-11-20T08:00:00+08:00', '阜阳市颍上县'),
  appeal(
    3,
    '临泉县城关街道某小区物业不作为，电梯停运一周无人维修',
    '2026-11-20T08:30:00.000001+08:00',
    '阜阳市临泉县城关街道',
  ),
  appeal(4, '临泉县某工地拖欠农民工工资三个月', '2026-11-20T08:30:00.000002+08:00', '阜阳市临泉县'),
  appeal(5, '小区物业长期不维修电梯，业主多次反映无果', '2026-11-19T10:00:00+08:00'),
  appeal(
    6,
    '小区物业不作为，楼下餐馆油烟扰民，门口垃圾堆积没人清运，夜里还有流动摊贩占道经营。',
    '2026-11-18T10:00:00+08:00',
    '阜阳市颍州区文峰街道',
  ),
  appeal(7, '颍州区清河路路灯坏了一个月没人修', '2026-11-20T08:30:00.000001+08:00', '阜阳市颍州区清河街道'),
  appeal(8, '太和县某饭店油烟扰民，晚上噪音很大', '2026-11-17T09:00:00+08:00', '阜阳市太和县'),
  appeal(11, '楼下餐馆油烟扰民，多次投诉没有结果', '2026-11-19T11:00:00+08:00'),
  appeal(12, '小区门口垃圾堆积没人清运', '2026-11-19T12:00:00+08:00'),
  appeal(13, '颍东区某学校乱收费，要求退还', '2026-11-16T09:00:00+08:00', '阜阳市颍东区'),
  appeal(14, '界首市某路段红绿灯坏了，交通拥堵', '2026-11-21T09:00:00+08:00', '阜阳市界首市'),
  appeal(15, '阜南县某村自来水停水三天', '2026-11-15T09:00:00+08:00', '阜阳市阜南县'),
  appeal(16, '颍泉区某小区占道经营严重', '2026-11-21T09:00:00+08:00', '阜阳市颍泉区'),
];

interface Summary {
  id: string;
  status: string;
  decisionRevision: number;
  reason: string | null;
  jurisdiction: { county: string | null };
  departments: string[];
  receivedAt: string;
  ticket: RoutedTicketV1;
}
interface Page {
  tickets: Summary[];
  nextCursor: string | null;
}
interface Detail {
  id: string;
  status: string;
  decisionRevision: number;
  ticket: RoutedTicketV1;
  trace: {
    decisionRevision: number;
    madeBy: string;
    mode: string;
    reason: string | null;
    lead: { department: string; unitName: string } | null;
    co: { department: string }[];
    grade: string;
    dueAt: string | null;
    returnedBy: string[];
    explanation: string[];
    matchedRules: string[];
    ruleSetVersion: number;
    decidedAt: string;
    jurisdiction: { method: string; codes: Record<string, string> };
  }[];
  revisions: { revision: number; decided: boolean }[];
  feedback: { eventId: string; kind: string; department: string; reason: string | null; actor: string }[];
}

/**
 * Tickets for consumers, the triage queue and feedback, on the real gateway, router, Kafka and PostgreSQL: every
 * change goes gateway → appeal.feedback.v1 → router → decision → ticket_heads, and comes back through the API.
 */
describe('tickets API, triage queue and feedback', () => {
  let hub: HubFixture;
  let collector: Collector;
  let base: string;
  let secondRouter: AppProcess | undefined;
  const keys: Record<string, string> = {};
  const keyIds: Record<string, string> = {};
  /** Every mutating call that succeeded, to find its audit entry afterwards. */
  const mutations: { path: string; eventId: string; key: string }[] = [];

  const call = async <T = unknown>(
    method: string,
    path: string,
    key: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...bearer(keys[key]), 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T;
    if (method === 'POST' && res.status === 202)
      mutations.push({ path, eventId: (json as { eventId: string }).eventId, key });
    return { status: res.status, body: json };
  };
  const get = <T>(path: string, key: string) => call<T>('GET', path, key);
  const detail = async (n: number, key = 'admin') => {
    const res = await get<Detail>(`/api/v1/tickets/${id(n)}`, key);
    expect(res.status).toBe(200);
    return res.body;
  };
  /** Every page from `path` (which carries its own filters and limit), following nextCursor. */
  const pageAll = async (path: string, key: string) => {
    const seen: Summary[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const res: { status: number; body: Page } = await get<Page>(
        cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path,
        key,
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.tickets);
      cursor = res.body.nextCursor;
      pages += 1;
      expect(pages).toBeLessThan(100);
    } while (cursor);
    return { tickets: seen, pages };
  };
  const decisions = (n: number) =>
    collector.messages
      .filter((m) => m.key === id(n))
      .map((m) => JSON.parse(m.value) as RoutedTicketV1)
      .sort((a, b) => a.decisionRevision - b.decisionRevision);
  const headOrder = async (where = 'TRUE', params: unknown[] = []) =>
    (
      await hub.db.query<{ item_id: string }>(
        `SELECT item_id FROM ticket_heads WHERE ${where} ORDER BY received_at DESC, item_id DESC`,
        params,
      )
    ).map((r) => r.item_id);

  beforeAll(async () => {
    hub = await startHub('tickets');
    base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
    collector = new Collector(hub.kafka, hub.prefix, ['routed', 'triage']);
    await collector.start();
    await hub.apps.router.start();
    await hub.apps.gateway.start();
    const make = async (
      name: string,
      role: 'admin' | 'auditor' | 'consumer',
      counties?: string[],
      departments?: string[],
    ) => {
      keys[name] = await createKey(hub.db, role, { name, counties, departments });
      keyIds[name] = keys[name].split('_')[1];
    };
    await make('admin', 'admin');
    await make('auditor', 'auditor');
    await make('city', 'consumer', ['341200']);
    await make('yingshang', 'consumer', ['341226']);
    await make('urban', 'consumer', ['341200'], ['urban-management']);

    const producer = hub.kafka.producer();
    await producer.connect();
    for (const item of ITEMS) {
      // As the ingest transaction would have stored it: the detail view lists the item's revisions.
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
    }
    await producer.send({
      topic: topicName('items', hub.prefix),
      messages: ITEMS.map((item) => ({ key: item.id, value: JSON.stringify(item) })),
    });
    await producer.disconnect();
    await waitFor(
      'every item decided',
      () => new Set(collector.messages.map((m) => m.key)).size === ITEMS.length,
      60000,
    );
    await waitFor('every head written', async () => (await headOrder()).length === ITEMS.length, 30000);
  });

  afterAll(async () => {
    await secondRouter?.kill('SIGTERM');
    await collector?.stop();
    await hub?.close();
  });

  it('starts from the decisions the router made', () => {
    expect(decisions(5)[0].decision).toMatchObject({ mode: 'triage', reason: 'no_jurisdiction' });
    expect(decisions(11)[0].decision.mode).toBe('triage');
    expect(decisions(6)[0].decision.lead?.department).toBe('ecology-environment');
    expect(decisions(1)[0].decision).toMatchObject({
      lead: { department: 'town-office' },
      co: [{ department: 'urban-management' }],
    });
    expect(decisions(3)[0].decision.jurisdiction.codes.county).toBe('341221');
  });

  it('pages through every ticket exactly once, newest first, with a small limit', async () => {
    const all = await pageAll('/api/v1/tickets?limit=3', 'admin');
    expect(all.pages).toBe(Math.ceil(ITEMS.length / 3));
    expect(all.tickets.map((t) => t.id)).toEqual(await headOrder());
    expect(new Set(all.tickets.map((t) => t.id)).size).toBe(ITEMS.length);
    // The ties and the microsecond apart: 04 (…002) before 07 and 03 (…001, by id descending), 02 before 01.
    const ids = all.tickets.map((t) => t.id);
    expect(ids.indexOf(id(4))).toBeLessThan(ids.indexOf(id(7)));
    expect(ids.indexOf(id(7))).toBeLessThan(ids.indexOf(id(3)));
    expect(ids.indexOf(id(2))).toBeLessThan(ids.indexOf(id(1)));
    // The body of the current decision rides along.
    const first = all.tickets.find((t) => t.id === id(3))!;
    expect(first.ticket.item.id).toBe(id(3));
    expect(first.ticket.decision.lead?.unitName).toBe('临泉县住房和城乡建设局');
    expect(first.receivedAt).toBe('2026-11-20T00:30:00.000Z');

    // Limit 1 through a filter, and the filters each against the database.
    const county = await pageAll('/api/v1/tickets?county=341221&limit=1', 'admin');
    expect(county.tickets.map((t) => t.id)).toEqual(await headOrder(`county_code = '341221'`));
    expect(county.tickets.map((t) => t.id).sort()).toEqual([id(3), id(4)]);
    const cases: [string, string][] = [
      ['town=341221001', `town_code = '341221001'`],
      ['department=urban-management', `'urban-management' = ANY(departments)`],
      ['grade=simple', `grade = 'simple'`],
      ['grade=simple,general', `grade IN ('simple', 'general')`],
      ['status=triage', `status = 'triage'`],
      ['status=routed&county=341226', `status = 'routed' AND county_code = '341226'`],
      ['channel=hotline_12345', 'TRUE'],
      ['channel=mayor_mailbox', 'FALSE'],
      [
        'receivedFrom=2026-11-19T00:00:00%2B08:00&receivedTo=2026-11-20T08:30:00%2B08:00',
        `received_at >= '2026-11-19T00:00:00+08:00' AND received_at < '2026-11-20T08:30:00+08:00'`,
      ],
      ['updatedSince=2099-01-01T00:00:00Z', 'FALSE'],
    ];
    for (const [query, where] of cases) {
      const page = await pageAll(`/api/v1/tickets?${query}&limit=2`, 'admin');
      expect({ query, ids: page.tickets.map((t) => t.id) }).toEqual({ query, ids: await headOrder(where) });
    }
    expect((await headOrder(`'urban-management' = ANY(departments)`)).length).toBeGreaterThanOrEqual(2);

    for (const bad of [
      'limit=0',
      'limit=201',
      'cursor=bm9wZQ',
      'county=12',
      'status=open',
      'jurisdiction=341221',
    ]) {
      const res = await get<{ code: string; message: string }>(`/api/v1/tickets?${bad}`, 'admin');
      expect({ bad, status: res.status, code: res.body.code }).toEqual({
        bad,
        status: 400,
        code: 'invalid_request',
      });
    }
  });

  it('a triage decision flows through Kafka and comes back as an updated ticket', async () => {
    const queue = await pageAll('/api/v1/triage?limit=2', 'admin');
    // Oldest first: 05 (19 Nov 10:00), 11, 12.
    expect(queue.tickets.map((t) => t.id)).toEqual([id(5), id(11), id(12)]);
    expect(queue.tickets[0]).toMatchObject({
      status: 'triage',
      reason: 'no_jurisdiction',
      decisionRevision: 1,
    });
    expect(
      (await get<Page>('/api/v1/triage?reason=no_department', 'admin')).body.tickets.map((t) => t.id),
    ).toEqual(
      (
        await hub.db.query<{ item_id: string }>(
          `SELECT item_id FROM ticket_heads WHERE reason = 'no_department' ORDER BY received_at, item_id`,
        )
      ).map((r) => r.item_id),
    );
    expect((await get('/api/v1/triage', 'city')).status).toBe(403);

    const path = `/api/v1/triage/${id(5)}/decision`;
    const good = {
      jurisdiction: { county: '341202', town: '341202002' },
      lead: 'housing-construction',
      co: ['town-office'],
      grade: 'simple',
      note: '来电补充：颍州区文峰街道某小区',
      decisionRevision: 1,
    };
    const bad = await call<{ code: string; message: string }>('POST', path, 'admin', {
      ...good,
      jurisdiction: { county: '349999', town: '341221001', village: '341202002001' },
      lead: 'no-such-department',
      co: ['town-office', 'town-office', 'no-such-department'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_request');
    for (const field of [
      'jurisdiction.county',
      'jurisdiction.town',
      'jurisdiction.village',
      'lead:',
      'co.1',
      'co.2',
    ])
      expect(bad.body.message).toContain(field);
    const townOnly = await call<{ message: string }>('POST', path, 'admin', {
      ...good,
      jurisdiction: { county: '341202' },
      lead: 'town-office',
      co: [],
    });
    expect(townOnly.status).toBe(400);
    expect(townOnly.body.message).toContain('jurisdiction.town');
    expect((await call('POST', path, 'admin', { ...good, grade: 'whenever' })).status).toBe(400);
    expect((await call('POST', path, 'admin', { ...good, note: ' ' })).status).toBe(400);
    expect((await call('POST', path, 'city', good)).status).toBe(403);
    expect((await call('POST', `/api/v1/triage/${id(99)}/decision`, 'admin', good)).status).toBe(404);
    expect((await call('POST', path, 'admin', { ...good, decisionRevision: 7 })).status).toBe(409);

    const accepted = await call<{ eventId: string; decisionRevision: number; duplicate: boolean }>(
      'POST',
      path,
      'admin',
      good,
    );
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({
      eventId: expect.stringMatching(/^ev_[0-9a-f]{32}$/),
      decisionRevision: 1,
      duplicate: false,
    });

    await waitFor('the routed decision revision 2', () => decisions(5).length === 2, 60000);
    const [, routed] = decisions(5);
    expect(
      collector.messages.find((m) => m.key === id(5) && m.value.includes('"decisionRevision":2'))?.topic,
    ).toBe('routed');
    expect(routed.decision).toMatchObject({
      mode: 'auto',
      jurisdiction: {
        county: '颍州区',
        town: '文峰街道',
        method: 'manual',
        codes: { county: '341202', town: '341202002' },
      },
      lead: { department: 'housing-construction', level: 'county', unitName: '颍州区住房和城乡建设局' },
      co: [{ department: 'town-office', level: 'town', unitName: '文峰街道办事处' }],
      grade: 'simple',
      workingDays: 2,
    });

    await waitFor('the head to move', async () => (await detail(5)).status === 'routed', 30000);
    const view = await detail(5);
    expect(view).toMatchObject({
      status: 'routed',
      decisionRevision: 2,
      ticket: { decision: { lead: { unitName: '颍州区住房和城乡建设局' }, mode: 'auto' } },
    });
    // Received Thu 19 Nov; 2 working days after the day of receipt: Mon 23 Nov, end of day in Shanghai.
    expect(view.ticket.decision.dueAt).toBe('2026-11-23T23:59:59.999+08:00');
    expect(view.trace.map((t) => [t.decisionRevision, t.mode, t.madeBy])).toEqual([
      [1, 'triage', 'item'],
      [2, 'auto', 'feedback'],
    ]);
    expect(view.trace[0]).toMatchObject({
      reason: 'no_jurisdiction',
      matchedRules: expect.arrayContaining(['property-management']),
      ruleSetVersion: 2,
    });
    expect(view.trace[1]).toMatchObject({
      reason: null,
      lead: { unitName: '颍州区住房和城乡建设局' },
      co: [{ department: 'town-office' }],
      grade: 'simple',
      dueAt: '2026-11-23T23:59:59.999+08:00',
      matchedRules: [],
      jurisdiction: { method: 'manual' },
      decidedAt: expect.any(String),
    });
    expect(view.trace[1].explanation[0]).toBe(
      `manual dispatch (人工派单) by the city platform: ${good.note}`,
    );
    expect(JSON.stringify(view.trace)).not.toContain(keyIds.admin);
    expect(view.feedback).toEqual([
      expect.objectContaining({
        eventId: accepted.body.eventId,
        kind: 'dispatched',
        department: 'housing-construction',
        reason: good.note,
      }),
    ]);
    expect(view.revisions).toEqual([expect.objectContaining({ revision: 1, decided: true })]);

    // Decided: the queue no longer holds it, and a second decision is refused.
    expect((await pageAll('/api/v1/triage', 'admin')).tickets.map((t) => t.id)).not.toContain(id(5));
    const again = await call<{ code: string }>('POST', path, 'admin', {
      ...good,
      decisionRevision: undefined,
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('conflict');
  });

  it('two dispatchers deciding the same revision: the first wins, the second changes nothing', async () => {
    // With the router stopped, both see the ticket in triage and both are accepted; the router settles it.
    await hub.apps.router.kill('SIGTERM');
    const path = `/api/v1/triage/${id(11)}/decision`;
    const decision = (lead: string) => ({
      jurisdiction: { county: '341204' },
      lead,
      grade: 'general',
      note: `派给 ${lead}`,
    });
    const first = await call<{ eventId: string }>('POST', path, 'admin', decision('ecology-environment'));
    const second = await call<{ eventId: string }>('POST', path, 'admin', decision('urban-management'));
    expect([first.status, second.status]).toEqual([202, 202]);
    // A retried request (same Idempotency-Key) is the same event.
    const retried = await call<{ eventId: string }>('POST', path, 'admin', decision('ecology-environment'), {
      'idempotency-key': 'dispatch-11-retry',
    });
    const retriedAgain = await call<{ eventId: string }>(
      'POST',
      path,
      'admin',
      decision('ecology-environment'),
      { 'idempotency-key': 'dispatch-11-retry' },
    );
    expect(retriedAgain.body.eventId).toBe(retried.body.eventId);

    secondRouter = new AppProcess('router', hub.env);
    await secondRouter.start();
    await waitFor('decision revision 2', () => decisions(11).length >= 2, 60000);
    await waitFor('the three events on record', async () => (await detail(11)).feedback.length === 3, 30000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(decisions(11).map((t) => t.decisionRevision)).toEqual([1, 2]);
    const view = await detail(11);
    expect(view).toMatchObject({ status: 'routed', decisionRevision: 2 });
    expect(view.ticket.decision.lead).toMatchObject({
      department: 'ecology-environment',
      unitName: '颍泉区生态环境局',
    });
    expect(view.feedback.map((f) => f.eventId).sort()).toEqual(
      [first.body.eventId, second.body.eventId, retried.body.eventId].sort(),
    );
  });

  it('a returned ticket flows through Kafka and comes back with another lead; accept, then close', async () => {
    const path = `/api/v1/tickets/${id(6)}/feedback`;
    const before = await detail(6, 'city');
    expect(before).toMatchObject({ status: 'routed', decisionRevision: 1 });
    const firstLead = before.ticket.decision.lead!.department;

    expect((await call('POST', path, 'city', { kind: 'return' })).status).toBe(400);
    expect((await call('POST', path, 'city', { kind: 'return', reason: ' ' })).status).toBe(400);
    expect((await call('POST', path, 'city', { kind: 'reject', reason: 'x' })).status).toBe(400);
    expect((await call('POST', path, 'admin', { kind: 'accept' })).status).toBe(403);
    expect((await call('POST', path, 'city', { kind: 'accept', department: 'transport' })).status).toBe(400);
    const returned = await call<{ eventId: string }>('POST', path, 'city', {
      kind: 'return',
      reason: '不属于本单位职责',
    });
    expect(returned.status).toBe(202);

    await waitFor('decision revision 2', () => decisions(6).length === 2, 60000);
    await waitFor('the head to move', async () => (await detail(6, 'city')).decisionRevision === 2, 30000);
    const after = await detail(6, 'city');
    expect(after.status).toBe('routed');
    expect(after.ticket.decision.lead?.department).toBeDefined();
    expect(after.ticket.decision.lead?.department).not.toBe(firstLead);
    expect(after.ticket.decision.returnedBy).toEqual([firstLead]);
    expect(after.trace.map((t) => [t.decisionRevision, t.madeBy])).toEqual([
      [1, 'item'],
      [2, 'feedback'],
    ]);
    expect(after.trace[1].returnedBy).toEqual([firstLead]);
    expect(after.feedback).toEqual([
      expect.objectContaining({
        eventId: returned.body.eventId,
        kind: 'returned',
        department: firstLead,
        reason: '不属于本单位职责',
        actor: `key:${keyIds.city}:city`,
      }),
    ]);

    // Answering the old decision is refused; accepting the current one, twice with one Idempotency-Key, is one event.
    expect((await call('POST', path, 'city', { kind: 'accept', decisionRevision: 1 })).status).toBe(409);
    const accept = await call<{ eventId: string }>(
      'POST',
      path,
      'city',
      { kind: 'accept' },
      { 'idempotency-key': 'accept-6-once' },
    );
    const acceptAgain = await call<{ eventId: string }>(
      'POST',
      path,
      'city',
      { kind: 'accept' },
      { 'idempotency-key': 'accept-6-once' },
    );
    expect([accept.status, acceptAgain.status]).toEqual([202, 202]);
    expect(acceptAgain.body.eventId).toBe(accept.body.eventId);
    await waitFor('status accepted', async () => (await detail(6, 'city')).status === 'accepted', 30000);

    const close = await call('POST', path, 'city', { kind: 'close', reason: '已办结，群众满意' });
    expect(close.status).toBe(202);
    await waitFor('status closed', async () => (await detail(6, 'city')).status === 'closed', 30000);
    const closed = await detail(6, 'city');
    expect(closed.feedback.map((f) => f.kind)).toEqual(['returned', 'accepted', 'closed']);
    expect(closed.decisionRevision).toBe(2);
    expect((await get<Page>('/api/v1/tickets?status=closed', 'city')).body.tickets.map((t) => t.id)).toEqual([
      id(6),
    ]);
    // Closed: nothing more to answer, and a triage ticket has nobody to answer it.
    expect((await call('POST', path, 'city', { kind: 'return', reason: 'x' })).status).toBe(409);
    expect(
      (await call('POST', `/api/v1/tickets/${id(12)}/feedback`, 'city', { kind: 'accept' })).status,
    ).toBe(409);
  });

  it('a 颍上县 key cannot see a 临泉县 ticket by any path; a department key sees only its own tickets', async () => {
    const yingshang = await headOrder(`county_code = '341226'`);
    expect(yingshang.sort()).toEqual([id(1), id(2)]);
    for (const query of [
      '',
      '?county=341221',
      '?county=341226',
      '?limit=1',
      '?status=routed',
      '?department=housing-construction',
      '?town=341221001',
      '?grade=general,simple',
    ]) {
      const page = await pageAll(`/api/v1/tickets${query}`, 'yingshang');
      expect({ query, ids: page.tickets.map((t) => t.id).filter((i) => !yingshang.includes(i)) }).toEqual({
        query,
        ids: [],
      });
      expect(page.tickets.every((t) => t.jurisdiction.county === '341226')).toBe(true);
    }
    expect((await pageAll('/api/v1/tickets?county=341221', 'yingshang')).tickets).toEqual([]);
    expect((await pageAll('/api/v1/tickets', 'yingshang')).tickets.map((t) => t.id)).toEqual(
      await headOrder(`county_code = '341226'`),
    );
    for (const n of [3, 4, 5]) {
      const res = await get<{ code: string }>(`/api/v1/tickets/${id(n)}`, 'yingshang');
      expect({ n, status: res.status, code: res.body.code }).toEqual({ n, status: 404, code: 'not_found' });
      const fb = await call('POST', `/api/v1/tickets/${id(n)}/feedback`, 'yingshang', { kind: 'accept' });
      expect({ n, status: fb.status }).toEqual({ n, status: 404 });
    }
    // Missing and out of scope answer alike.
    const missing = await get<{ message: string }>(`/api/v1/tickets/${id(98)}`, 'yingshang');
    const hidden = await get<{ message: string }>(`/api/v1/tickets/${id(3)}`, 'yingshang');
    expect([missing.status, hidden.status]).toEqual([404, 404]);
    expect((await get(`/api/v1/tickets/${id(1)}`, 'yingshang')).status).toBe(200);
    expect((await get('/api/v1/triage', 'yingshang')).status).toBe(403);

    const urban = await headOrder(`'urban-management' = ANY(departments)`);
    expect(urban).toEqual(expect.arrayContaining([id(1), id(7)]));
    expect(urban).not.toContain(id(2));
    const seen = await pageAll('/api/v1/tickets?limit=1', 'urban');
    expect(seen.tickets.map((t) => t.id)).toEqual(urban);
    expect(seen.tickets.every((t) => t.departments.includes('urban-management'))).toBe(true);
    expect(
      (await pageAll('/api/v1/tickets?department=ecology-environment', 'urban')).tickets.every((t) =>
        t.departments.includes('urban-management'),
      ),
    ).toBe(true);
    expect((await get(`/api/v1/tickets/${id(2)}`, 'urban')).status).toBe(404);
    expect((await get(`/api/v1/tickets/${id(1)}`, 'urban')).status).toBe(200);
    // 01 is led by the 慎城镇 office; urban management co-handles it and answers only as itself.
    const asOther = await call<{ code: string }>('POST', `/api/v1/tickets/${id(1)}/feedback`, 'urban', {
      kind: 'accept',
      department: 'town-office',
    });
    expect([asOther.status, asOther.body.code]).toEqual([403, 'forbidden']);
    expect(
      (await call('POST', `/api/v1/tickets/${id(2)}/feedback`, 'urban', { kind: 'accept' })).status,
    ).toBe(404);
    const asItself = await call<{ eventId: string }>('POST', `/api/v1/tickets/${id(1)}/feedback`, 'urban', {
      kind: 'accept',
    });
    expect(asItself.status).toBe(202);
    await waitFor(
      'the co-department acceptance on record',
      async () =>
        (await detail(1)).feedback.some(
          (f) => f.eventId === asItself.body.eventId && f.department === 'urban-management',
        ),
      30000,
    );
  });

  it('writes an audit entry with the actor for every mutating call', async () => {
    expect(mutations.length).toBeGreaterThanOrEqual(10);
    const res = await get<{
      entries: {
        action: string;
        actor: string;
        entityId: string;
        before: { status: string; decisionRevision: number } | null;
        after: { eventId: string; kind?: string };
      }[];
    }>('/api/v1/audit?entity=ticket&limit=500', 'auditor');
    expect(res.status).toBe(200);
    const entries = res.body.entries;
    expect(entries).toHaveLength(mutations.length);
    for (const m of mutations) {
      const entry = entries.find((e) => e.after.eventId === m.eventId && m.path.includes(e.entityId));
      expect({ path: m.path, found: !!entry }).toEqual({ path: m.path, found: true });
      expect(entry!.actor).toBe(`key:${keyIds[m.key]}:${m.key}`);
      expect(entry!.action).toBe(
        m.path.startsWith('/api/v1/triage/') ? 'triage.decision' : 'ticket.feedback',
      );
      expect(entry!.before).toEqual(
        expect.objectContaining({ status: expect.any(String), decisionRevision: expect.any(Number) }),
      );
    }
    const dispatch = entries.find((e) => e.entityId === id(5) && e.action === 'triage.decision')!;
    expect(dispatch.before).toMatchObject({ status: 'triage', decisionRevision: 1 });
    expect(dispatch.after).toMatchObject({
      kind: 'dispatched',
      assignment: { lead: 'housing-construction' },
    });
  });
});
