import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { type DataSource } from 'typeorm';
import { DecisionRepository } from '../../libs/routing/src/decisions/decision.repository';
import { StatsRepository } from '../../libs/routing/src/stats';
import { createDataSource, migrate } from '../../libs/shared/src/db';
import { benchLog, numberArg, runBench } from '../bench-kit';
import { generateSources } from './generate';

/*
 * `npm run -s bench:stats -- --tickets 3000000`: a database of its own, migrated; N generated tickets over
 * 2021-01 … 2026-11 loaded in bulk and the rollups built from them (stats_backfill, timed); ~200 random month ×
 * county × department queries through the API's StatsRepository (p50/p95); then bursts of 10,000 closes through the
 * router's own write path (DecisionRepository.write, 100 events per transaction, 4 writers at once) with the stats
 * trigger off and on, the rollup read right after the burst, and the deltas folded (stats_compact, timed).
 * Progress on stderr; one JSON line on stdout. PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */

const log = benchLog('stats');
const ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TICKETS = numberArg('tickets', 3_000_000);
const QUERIES = numberArg('queries', 200);
const BURST = numberArg('burst', 10_000);
const WRITERS = 4;
const CHUNK = 100;

const seconds = (since: number) => Math.round((performance.now() - since) / 10) / 100;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** Deterministic picks, so two runs ask the same questions. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function queries(db: DataSource, repo: StatsRepository, now: Date) {
  const counties = (
    await db.query<{ code: string }[]>(
      `SELECT code FROM divisions WHERE level = 'county' AND code NOT LIKE '34127%' ORDER BY code`,
    )
  ).map((r) => r.code);
  const departments = (await db.query<{ code: string }[]>(`SELECT code FROM departments ORDER BY code`)).map(
    (r) => r.code,
  );
  const random = rng(35);
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < QUERIES; i++) {
    const month = Math.floor(random() * 71); // 2021-01 … 2026-11
    const year = 2021 + Math.floor(month / 12);
    const m = (month % 12) + 1;
    const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
    const from = `${year}-${String(m).padStart(2, '0')}-01`;
    const to = `${year}-${String(m).padStart(2, '0')}-${last}`;
    const t = performance.now();
    const result = await repo.figures({
      period: 'month',
      from,
      to,
      groupBy: ['county', 'department'],
      counties: [counties[Math.floor(random() * counties.length)]],
      departments: [departments[Math.floor(random() * departments.length)]],
      now,
    });
    times.push(performance.now() - t);
    rows += result.length;
  }
  times.sort((a, b) => a - b);
  // The widest question of the kind: a whole month, every county × department group, city-wide.
  let t = performance.now();
  const wide = await repo.figures({
    period: 'month',
    from: '2026-10-01',
    to: '2026-10-31',
    groupBy: ['county', 'department'],
    now,
  });
  const wideMs = performance.now() - t;
  t = performance.now();
  await repo.figures({ period: 'month', from: '2021-01-01', to: '2026-11-30', groupBy: ['county'], now });
  const allMonthsMs = performance.now() - t;
  return {
    p50Ms: Math.round(percentile(times, 50) * 10) / 10,
    p95Ms: Math.round(percentile(times, 95) * 10) / 10,
    maxMs: Math.round(times[times.length - 1] * 10) / 10,
    rowsReturned: rows,
    cityMonthByCountyDepartmentMs: Math.round(wideMs),
    cityMonthByCountyDepartmentRows: wide.length,
    allMonthsByCountyMs: Math.round(allMonthsMs),
  };
}

/** Closes `count` open tickets through the router's write path: WRITERS at once, CHUNK events per transaction. */
async function burst(
  decisions: DecisionRepository,
  open: { item_id: string; decision_revision: number; lead_department: string }[],
) {
  const chunks: (typeof open)[] = [];
  for (let i = 0; i < open.length; i += CHUNK) chunks.push(open.slice(i, i + CHUNK));
  let next = 0;
  let deadlocks = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      for (let c = next++; c < chunks.length; c = next++) {
        const at = new Date().toISOString();
        const feedback = chunks[c].map((o) => ({
          schemaVersion: 1 as const,
          eventId: `burst-${randomBytes(8).toString('hex')}`,
          itemId: o.item_id,
          decisionRevision: o.decision_revision,
          kind: 'closed' as const,
          department: o.lead_department,
          actor: 'bench',
          at,
          origin: { topic: 'appeal.feedback.v1', partition: c % 6, offset: String(c) },
        }));
        for (;;) {
          try {
            await decisions.write({ decisions: [], deadLetters: [], fingerprints: [], feedback });
            break;
          } catch (e) {
            if (!String(e).includes('deadlock')) throw e;
            deadlocks += 1;
          }
        }
      }
    }),
  );
  const ms = performance.now() - t;
  return { ms: Math.round(ms), perSecond: Math.round(open.length / (ms / 1000)), deadlocks };
}

async function main(): Promise<void> {
  const name = `minsheng_bench_stats_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const db = createDataSource(url.toString(), { poolSize: WRITERS + 2, applicationName: 'bench-stats' });
  await db.initialize();
  try {
    let t = performance.now();
    await migrate(db);
    log(`migrated ${name} in ${seconds(t)} s`);

    t = performance.now();
    await generateSources(db, TICKETS, log);
    const loadSeconds = seconds(t);
    const [sizes] = await db.query<{ rounds: string; feedback: string; ratings: string }[]>(
      `SELECT (SELECT count(*) FROM routing_decisions) AS rounds, (SELECT count(*) FROM feedback_events) AS feedback,
              (SELECT count(*) FROM ticket_ratings) AS ratings`,
    );
    log(
      `loaded ${TICKETS} tickets (${sizes.rounds} decisions, ${sizes.feedback} feedback events, ${sizes.ratings} ratings) in ${loadSeconds} s`,
    );

    t = performance.now();
    await db.query(`SELECT stats_backfill()`);
    await db.query(`ANALYZE stats_rounds, stats_daily`);
    const rollupSeconds = seconds(t);
    const [rollup] = await db.query<{ rows: string; received: string }[]>(
      `SELECT count(*) AS rows, sum(received) AS received FROM stats_daily`,
    );
    if (Number(rollup.received) !== TICKETS)
      throw new Error(`rollup counts ${rollup.received} tickets, not ${TICKETS}`);
    log(`rollups built in ${rollupSeconds} s: ${rollup.rows} daily rows`);

    const repo = new StatsRepository(db);
    const now = new Date();
    const q = await queries(db, repo, now);
    log(`month × county × department: p50 ${q.p50Ms} ms, p95 ${q.p95Ms} ms`);

    const open = await db.query<{ item_id: string; decision_revision: number; lead_department: string }[]>(
      `SELECT item_id, decision_revision, lead_department FROM ticket_heads
       WHERE mode = 'auto' AND status IN ('routed', 'accepted') ORDER BY item_id LIMIT $1`,
      [BURST * 2],
    );
    if (open.length < BURST * 2)
      throw new Error(`only ${open.length} open tickets for two bursts of ${BURST}`);
    const decisions = new DecisionRepository(db);
    const total = async () => {
      const rows = await repo.figures({
        period: 'total',
        from: '2021-01-01',
        to: '2026-11-30',
        groupBy: [],
        now,
      });
      return rows.reduce((s, r) => s + r.closed, 0);
    };

    await db.query(`ALTER TABLE feedback_events DISABLE TRIGGER stats_feedback`);
    const without = await burst(decisions, open.slice(0, BURST));
    await db.query(`ALTER TABLE feedback_events ENABLE TRIGGER stats_feedback`);
    log(`burst without the stats trigger: ${without.perSecond} closes/s`);

    const before = await total();
    const withTrigger = await burst(decisions, open.slice(BURST));
    const readAt = performance.now();
    const after = await total();
    const readMs = Math.round(performance.now() - readAt);
    if (after - before !== BURST) throw new Error(`rollup shows ${after - before} new closes, not ${BURST}`);
    log(
      `burst with the stats trigger: ${withTrigger.perSecond} closes/s; the first read after it sees all ${BURST}`,
    );

    t = performance.now();
    const folded = await repo.compact(1_000_000);
    const compactMs = Math.round(performance.now() - t);
    if ((await total()) !== after) throw new Error('compaction changed the totals');

    console.log(
      JSON.stringify({
        bench: 'stats',
        tickets: TICKETS,
        decisions: Number(sizes.rounds),
        feedbackEvents: Number(sizes.feedback),
        ratings: Number(sizes.ratings),
        loadSeconds,
        rollupBuildSeconds: rollupSeconds,
        dailyRollupRows: Number(rollup.rows),
        monthCountyDepartment: { queries: QUERIES, ...q },
        burst: {
          updates: BURST,
          writers: WRITERS,
          perTransaction: CHUNK,
          withoutStatsTrigger: without,
          withStatsTrigger: withTrigger,
          rollupLagMs: 0,
          rollupLagNote:
            'triggers write the deltas in the closing transactions; the first read after the burst (readMs) counted all of them',
          readMs,
          compactDeltas: folded,
          compactMs,
        },
      }),
    );
  } finally {
    await db.destroy();
    if (!process.env.BENCH_KEEP_DB) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

runBench(main);
