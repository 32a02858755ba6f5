import { type DataSource } from 'typeorm';
import { DecisionRepository } from '../../libs/routing/src/decisions/decision.repository';
import { routeItem, seedRoutingContext, ReferenceDataRepository } from '../../libs/routing/src';
import { handlingWorkingDays } from '../../libs/routing/src/stats';
import { type FeedbackV1, type RoutedTicketV1 } from '../../libs/shared/src/contracts';
import { createDataSource } from '../../libs/shared/src/db';
import { sampleItem } from '../fixtures/appeal-item';
import { bearer, createKey } from '../support/api-keys';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { unzip } from '../support/unzip';

const id = (n: number) => `ap_${String(n).padStart(32, '0')}`;
const YINGZHOU = ['341202', '颍州区'] as const;
const YINGSHANG = ['341226', '颍上县'] as const;
const HOUSING = 'housing-construction';
const URBAN = 'urban-management';

interface Round {
  n: number;
  revision: number;
  receivedAt: string;
  decidedAt: string;
  county?: readonly [string, string];
  lead?: string;
  channel?: string;
  dueAt?: string;
}

/** A decision as the router stores it: auto with a lead unit, or triage (no lead) when `lead` is absent. */
function decision(r: Round): RoutedTicketV1 {
  const item = sampleItem({
    id: id(r.n),
    traceId: `trace-stats-${r.n}`,
    receivedAt: r.receivedAt,
    channel: r.channel ?? 'hotline_12345',
  });
  const base = routeItem(item, seedRoutingContext(), new Date(r.decidedAt));
  return {
    schemaVersion: 1,
    item,
    decisionRevision: r.revision,
    decision: {
      ...base,
      mode: r.lead ? 'auto' : 'triage',
      reason: r.lead ? undefined : 'no_jurisdiction',
      jurisdiction: {
        ...base.jurisdiction,
        county: r.county?.[1],
        codes: r.county ? { county: r.county[0] } : {},
      },
      lead: r.lead
        ? { department: r.lead, unitName: `${r.county?.[1]}${r.lead}`, level: 'county' }
        : undefined,
      co: [],
      dueAt: r.lead ? r.dueAt : undefined,
      decidedAt: r.decidedAt,
    },
  };
}

/**
 * 亮晒比 on real PostgreSQL: decisions and feedback go through the router's own write path, ratings and a 督办 event
 * straight into their tables (their writers are built elsewhere); the triggers keep the rollup, and the gateway
 * answers counts, rates, rankings, CSV and XLSX within each key's scope.
 */
describe('statistics (亮晒比): rollups kept by the writers, answered by the API', () => {
  let hub: HubFixture;
  let ds: DataSource;
  let writer: DecisionRepository;
  let base: string;
  let offset = 0;

  const decide = (r: Round) =>
    writer.write({
      decisions: [
        { ticket: decision(r), origin: { topic: 'appeal.items.v1', partition: 0, offset: String(offset++) } },
      ],
      deadLetters: [],
      fingerprints: [],
      feedback: [],
    });
  const feedback = (
    n: number,
    revision: number,
    kind: FeedbackV1['kind'],
    department: string,
    at: string,
    eventId = `ev-${n}-${revision}-${kind}`,
  ) =>
    writer.write({
      decisions: [],
      deadLetters: [],
      fingerprints: [],
      feedback: [
        {
          schemaVersion: 1,
          eventId,
          itemId: id(n),
          decisionRevision: revision,
          kind,
          department,
          reason: kind === 'returned' ? '不属于本单位职责' : undefined,
          actor: 'unit-clerk',
          at,
          origin: { topic: 'appeal.feedback.v1', partition: 0, offset: String(offset++) },
        },
      ],
    });
  /** As the rating intake writes it: one per round, a second delivery does nothing. */
  const rate = (n: number, revision: number, rating: string, county: string) =>
    hub.db.query(
      `INSERT INTO ticket_ratings (item_id, decision_revision, rating, source, actor, rated_at, county_code, channel)
       VALUES ($1, $2, $3, 'follow_up', 'staff-1', now(), $4, 'hotline_12345') ON CONFLICT DO NOTHING`,
      [id(n), revision, rating, county],
    );
  const get = async (path: string, key: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, { headers: { ...bearer(key), ...headers } });
    return res;
  };
  const json = async <T = Record<string, unknown>>(path: string, key: string): Promise<T> => {
    const res = await get(path, key);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    hub = await startHub('stats', { createTopics: false });
    ds = createDataSource(hub.db.url, { poolSize: 2 });
    await ds.initialize();
    writer = new DecisionRepository(ds);

    // 1 — 颍州 housing: accepted (twice, two event ids), closed in two working days, on time; rated 满意 twice.
    await decide({
      n: 1,
      revision: 1,
      receivedAt: '2026-11-02T09:00:00+08:00',
      decidedAt: '2026-11-02T09:01:00+08:00',
      county: YINGZHOU,
      lead: HOUSING,
      dueAt: '2026-11-09T23:59:59.999+08:00',
    });
    await feedback(1, 1, 'accepted', HOUSING, '2026-11-02T10:00:00+08:00');
    await feedback(1, 1, 'accepted', HOUSING, '2026-11-02T10:05:00+08:00', 'ev-1-1-accepted-again');
    await feedback(1, 1, 'closed', HOUSING, '2026-11-04T15:00:00+08:00');
    // 2 — 颍州 housing returns it (退单); re-dispatched to urban management, closed late (12 working days).
    await decide({
      n: 2,
      revision: 1,
      receivedAt: '2026-11-03T09:00:00+08:00',
      decidedAt: '2026-11-03T09:01:00+08:00',
      county: YINGZHOU,
      lead: HOUSING,
      dueAt: '2026-11-10T23:59:59.999+08:00',
    });
    await feedback(2, 1, 'returned', HOUSING, '2026-11-04T09:00:00+08:00');
    await decide({
      n: 2,
      revision: 2,
      receivedAt: '2026-11-03T09:00:00+08:00',
      decidedAt: '2026-11-04T09:30:00+08:00',
      county: YINGZHOU,
      lead: URBAN,
      dueAt: '2026-11-11T23:59:59.999+08:00',
    });
    await feedback(2, 2, 'closed', URBAN, '2026-11-20T16:00:00+08:00');
    await feedback(2, 2, 'closed', URBAN, '2026-11-21T16:00:00+08:00', 'ev-2-2-closed-again');
    // 3 — no place found: triage, then a dispatcher sends it to 颍上 housing, which accepts and is now overdue.
    await decide({
      n: 3,
      revision: 1,
      receivedAt: '2026-11-05T09:00:00+08:00',
      decidedAt: '2026-11-05T09:01:00+08:00',
      channel: 'mayor_mailbox',
    });
    await decide({
      n: 3,
      revision: 2,
      receivedAt: '2026-11-05T09:00:00+08:00',
      decidedAt: '2026-11-06T10:00:00+08:00',
      county: YINGSHANG,
      lead: HOUSING,
      channel: 'mayor_mailbox',
      dueAt: '2026-11-13T23:59:59.999+08:00',
    });
    await feedback(3, 2, 'accepted', HOUSING, '2026-11-06T11:00:00+08:00');
    // 4 — 颍上 urban management closes it the day it came.
    await decide({
      n: 4,
      revision: 1,
      receivedAt: '2026-11-10T09:00:00+08:00',
      decidedAt: '2026-11-10T09:01:00+08:00',
      county: YINGSHANG,
      lead: URBAN,
      dueAt: '2026-11-17T23:59:59.999+08:00',
    });
    await feedback(4, 1, 'closed', URBAN, '2026-11-10T17:00:00+08:00');
    // A ticket of October: outside November's figures.
    await decide({
      n: 5,
      revision: 1,
      receivedAt: '2026-10-30T09:00:00+08:00',
      decidedAt: '2026-10-30T09:01:00+08:00',
      county: YINGZHOU,
      lead: HOUSING,
      dueAt: '2026-11-06T23:59:59.999+08:00',
    });
    await feedback(5, 1, 'closed', HOUSING, '2026-11-02T09:00:00+08:00');

    await rate(1, 1, 'satisfied', YINGZHOU[0]);
    await rate(1, 1, 'satisfied', YINGZHOU[0]);
    await rate(2, 2, 'basically_satisfied', YINGZHOU[0]);
    // The intake may correct a rating: the count moves from 基本满意 to 不满意.
    await hub.db.query(`UPDATE ticket_ratings SET rating = 'dissatisfied' WHERE item_id = $1`, [id(2)]);
    await rate(4, 1, 'basically_satisfied', YINGSHANG[0]);
    // The 督办 watch recorded ticket 3 overdue.
    await hub.db.query(
      `INSERT INTO supervision_events (item_id, decision_revision, kind, due_at, at, county_code, department, unit_name, event)
       VALUES ($1, 2, 'overdue', '2026-11-13T23:59:59.999+08:00', '2026-11-14T00:00:00+08:00', $2, $3, '颍上县住建局', '{}')`,
      [id(3), YINGSHANG[0], HOUSING],
    );

    await hub.apps.gateway.start();
    base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
  });

  afterAll(async () => {
    await ds?.destroy();
    await hub?.close();
  });

  type Row = {
    periodStart: string;
    county?: { code: string | null; name: string | null };
    department?: { code: string | null; name: string | null };
    channel?: { code: string | null; name: string | null };
    counts: Record<string, number>;
    rates: Record<string, { value: number | null; numerator: number; denominator: number }>;
    avgHandlingWorkingDays: number | null;
  };
  const NOVEMBER = 'from=2026-11-01&to=2026-11-30';

  it('counts each ticket and round once, per county, with rates and their denominators', async () => {
    const admin = await createKey(hub.db, 'admin', { name: 'stats-admin' });
    const r = await json<{ rows: Row[] }>(`/api/v1/stats?period=month&groupBy=county&${NOVEMBER}`, admin);
    const by = new Map(r.rows.map((x) => [x.county?.code ?? null, x]));
    expect([...by.keys()].sort()).toEqual([YINGZHOU[0], YINGSHANG[0], null].sort());
    const yz = by.get(YINGZHOU[0])!;
    expect(yz.periodStart).toBe('2026-11-01');
    expect(yz.county).toEqual({ code: YINGZHOU[0], name: YINGZHOU[1] });
    expect(yz.counts).toMatchObject({
      received: 2,
      routedAuto: 2,
      triaged: 0,
      dispatched: 3,
      accepted: 2,
      returned: 1,
      closed: 2,
      closedOnTime: 1,
      handlingWorkingDays: 2 + 12,
      rated: 2,
      satisfied: 1,
      basicallySatisfied: 0,
      dissatisfied: 1,
      overdueNow: 0,
    });
    expect(yz.rates.returnRate).toEqual({ value: 0.3333, numerator: 1, denominator: 3 });
    expect(yz.rates.closeRate).toEqual({ value: 0.6667, numerator: 2, denominator: 3 });
    expect(yz.rates.onTimeRate).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    expect(yz.rates.satisfactionRate).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    expect(yz.avgHandlingWorkingDays).toBe(7);

    const ys = by.get(YINGSHANG[0])!;
    expect(ys.counts).toMatchObject({
      received: 1,
      dispatched: 2,
      accepted: 2,
      closed: 1,
      closedOnTime: 1,
      handlingWorkingDays: 0,
      basicallySatisfied: 1,
      overdue: 1,
      overdueNow: 1,
    });
    expect(ys.rates.satisfactionRate.value).toBe(1);
    // The triaged first round has no county: its own row.
    expect(by.get(null)!.counts).toMatchObject({ received: 1, triaged: 1, routedAuto: 0, dispatched: 0 });
  });

  it('splits by department and by day, and ranks units with ties and the unrankable last', async () => {
    const auditor = await createKey(hub.db, 'auditor', { name: 'stats-auditor' });
    const r = await json<{ rows: Row[] }>(`/api/v1/stats?groupBy=department&${NOVEMBER}`, auditor);
    const housing = r.rows.find((x) => x.department?.code === HOUSING)!;
    expect(housing.department?.name).toBeTruthy();
    expect(housing.counts).toMatchObject({
      dispatched: 3,
      returned: 1,
      closed: 1,
      accepted: 2,
      satisfied: 1,
    });
    const urban = r.rows.find((x) => x.department?.code === URBAN)!;
    expect(urban.counts).toMatchObject({
      dispatched: 2,
      closed: 2,
      closedOnTime: 1,
      handlingWorkingDays: 12,
      rated: 2,
    });

    const days = await json<{ rows: Row[] }>(`/api/v1/stats?period=day&groupBy=county&${NOVEMBER}`, auditor);
    expect(
      days.rows.filter((x) => x.counts.received > 0).map((x) => [x.periodStart, x.county?.code]),
    ).toEqual([
      ['2026-11-02', YINGZHOU[0]],
      ['2026-11-03', YINGZHOU[0]],
      ['2026-11-05', null],
      ['2026-11-10', YINGSHANG[0]],
    ]);
    const weeks = await json<{ rows: Row[] }>(
      `/api/v1/stats?period=week&groupBy=channel&${NOVEMBER}`,
      auditor,
    );
    // Weeks start on Monday; 30 October's ticket lies before `from` and is not in the week of 26 October.
    expect(weeks.rows.map((x) => [x.periodStart, x.channel?.code, x.counts.received])).toEqual([
      ['2026-11-02', 'hotline_12345', 2],
      ['2026-11-02', 'mayor_mailbox', 1],
      ['2026-11-09', 'hotline_12345', 1],
    ]);

    const ranking = await json<{
      units: { rank: number | null; value: number | null; unit: { code: string | null } }[];
    }>(`/api/v1/stats/ranking?metric=onTimeRate&by=department&${NOVEMBER}`, auditor);
    expect(ranking.units.map((u) => [u.rank, u.unit.code, u.value])).toEqual([
      [1, HOUSING, 1],
      [2, URBAN, 0.5],
      [null, null, null],
    ]);
    const returns = await json<{ order: string; units: { unit: { code: string | null } }[] }>(
      `/api/v1/stats/ranking?metric=returnRate&by=department&${NOVEMBER}`,
      auditor,
    );
    expect(returns.order).toBe('asc');
    expect(returns.units[0].unit.code).toBe(URBAN);
  });

  it('exports the same table as CSV and as an xlsx whose sheet holds the cells', async () => {
    const admin = await createKey(hub.db, 'admin', { name: 'stats-export' });
    const csvRes = await get(`/api/v1/stats?groupBy=county&${NOVEMBER}&format=csv`, admin);
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csvRes.headers.get('content-disposition')).toMatch(
      /attachment; filename="stats-month-2026-11-01-2026-11-30.csv"/,
    );
    const lines = (await csvRes.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const csv = lines.map((l) => l.split(','));
    const header = csv[0];
    const row = csv.find((c) => c[header.indexOf('countyCode')] === YINGZHOU[0])!;
    expect(row[header.indexOf('countyName')]).toBe(YINGZHOU[1]);
    expect(row[header.indexOf('received')]).toBe('2');
    expect(row[header.indexOf('closeRate')]).toBe('0.6667');
    expect(row[header.indexOf('avgHandlingWorkingDays')]).toBe('7');

    const xlsxRes = await get(`/api/v1/stats?groupBy=county&${NOVEMBER}`, admin, {
      accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    expect(xlsxRes.status).toBe(200);
    expect(xlsxRes.headers.get('content-type')).toMatch(/spreadsheetml\.sheet/);
    const files = unzip(Buffer.from(await xlsxRes.arrayBuffer()));
    expect(files.get('xl/workbook.xml')).toContain('<sheet name="stats"');
    const sheet = files.get('xl/worksheets/sheet1.xml')!;
    // Every cell back into a grid: it is the CSV's table, numbers as numbers.
    const grid: string[][] = [];
    for (const m of sheet.matchAll(
      /<c r="([A-Z]+)(\d+)"(?: t="inlineStr")?>(?:<v>([^<]*)<\/v>|<is><t[^>]*>([^<]*)<\/t><\/is>)<\/c>/g,
    )) {
      const col = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      (grid[Number(m[2]) - 1] ??= [])[col] = m[3] ?? m[4];
    }
    expect(grid.map((r) => Array.from({ length: header.length }, (_, i) => r[i] ?? ''))).toEqual(csv);
  });

  it("shows a county key only its county's figures, and nothing for another county", async () => {
    const ys = await createKey(hub.db, 'consumer', { name: 'ys-stats', counties: [YINGSHANG[0]] });
    const r = await json<{ rows: Row[] }>(`/api/v1/stats?groupBy=county&${NOVEMBER}`, ys);
    expect(r.rows.map((x) => x.county?.code)).toEqual([YINGSHANG[0]]);
    const byDept = await json<{ rows: Row[] }>(`/api/v1/stats?groupBy=department&${NOVEMBER}`, ys);
    expect(byDept.rows.reduce((s, x) => s + x.counts.dispatched, 0)).toBe(2);
    const other = await json<{ rows: Row[] }>(
      `/api/v1/stats?groupBy=county&county=${YINGZHOU[0]}&${NOVEMBER}`,
      ys,
    );
    expect(other.rows).toEqual([]);
    const ranking = await json<{ units: { unit: { code: string | null } }[] }>(
      `/api/v1/stats/ranking?metric=closeRate&by=county&${NOVEMBER}`,
      ys,
    );
    expect(ranking.units.map((u) => u.unit.code)).toEqual([YINGSHANG[0]]);
  });

  it('refuses what it cannot answer with a code, and keys without the role', async () => {
    const admin = await createKey(hub.db, 'admin', { name: 'stats-bad' });
    const backwards = await get(`/api/v1/stats?from=2026-11-30&to=2026-11-01`, admin);
    expect(backwards.status).toBe(400);
    expect(((await backwards.json()) as { code: string }).code).toBe('invalid_range');
    const tooLong = await get(`/api/v1/stats?period=day&from=2024-01-01&to=2026-11-30`, admin);
    expect(((await tooLong.json()) as { code: string }).code).toBe('range_too_long');
    expect((await get(`/api/v1/stats?groupBy=street&${NOVEMBER}`, admin)).status).toBe(400);
    expect((await get(`/api/v1/stats?from=2026-02-30`, admin)).status).toBe(400);
    const operator = await createKey(hub.db, 'operator', { name: 'stats-op' });
    expect((await get(`/api/v1/stats?${NOVEMBER}`, operator)).status).toBe(403);
  });

  it('answers the same after the deltas are folded and after a rebuild from the sources', async () => {
    const admin = await createKey(hub.db, 'admin', { name: 'stats-rebuild' });
    const path = `/api/v1/stats?groupBy=county,department,channel&${NOVEMBER}`;
    const before = (await json<{ rows: Row[] }>(path, admin)).rows;
    const [{ n }] = await hub.db.query<{ n: number }>(`SELECT stats_compact() AS n`);
    expect(n).toBeGreaterThan(0);
    expect(await hub.db.query(`SELECT * FROM stats_deltas`)).toEqual([]);
    expect((await json<{ rows: Row[] }>(path, admin)).rows).toEqual(before);
    await hub.db.query(`SELECT stats_backfill()`);
    expect((await json<{ rows: Row[] }>(path, admin)).rows).toEqual(before);
  });

  it("counts working days in the database as the router's calendar does, across 国庆 and 调休", async () => {
    const calendar = await new ReferenceDataRepository(ds).loadCalendar();
    const pairs = await hub.db.query<{ a: string; b: string; days: number }>(
      `SELECT to_char(a, 'YYYY-MM-DD') AS a, to_char(a + k, 'YYYY-MM-DD') AS b, stats_working_days(a, a + k) AS days
       FROM (SELECT g::date AS a FROM generate_series(date '2026-09-20', date '2026-10-12', interval '1 day') g) d,
         generate_series(0, 16) k`,
    );
    expect(pairs.length).toBe(23 * 17);
    const differing = pairs.filter(
      (p) =>
        handlingWorkingDays(
          calendar,
          new Date(`${p.a}T12:00:00+08:00`),
          new Date(`${p.b}T12:00:00+08:00`),
        ) !== p.days,
    );
    expect(differing).toEqual([]);
    // 国庆 2026 (1–7 October off): from Wednesday 30 September to Friday 9 October is two working days.
    expect(pairs.find((p) => p.a === '2026-09-30' && p.b === '2026-10-09')?.days).toBe(2);
  });
});
