import { type DataSource } from 'typeorm';

/** Channels with their share of Fuyang's volume (the 12345 hotline carries most). */
const CHANNELS = [
  ['hotline_12345', 0.62],
  ['mayor_mailbox', 0.12],
  ['people_liuyan', 0.1],
  ['media_hotline', 0.06],
  ['public_opinion', 0.05],
  ['wechat_mini', 0.05],
] as const;

/**
 * Three million tickets' worth of sources, written in bulk with the triggers off (session_replication_role =
 * replica), as a migration's backfill finds them: decisions (a second round for 4% triaged then dispatched and 5%
 * returned then re-dispatched), heads, accepted / returned / closed feedback, and ratings for 40% of closed rounds.
 * Received uniformly over 2021-01 … 2026-11 across the 8 counties (not the two development zones), their towns, the
 * seeded departments (skewed: a few take most) and the channels. Tickets received in the last 45 days are open one
 * time in three, older ones one in three hundred (the overdue backlog).
 */
export async function generateSources(
  db: DataSource,
  tickets: number,
  log: (m: string) => void = () => undefined,
): Promise<void> {
  await db.transaction(async (raw) => {
    const tx = {
      query: async (sql: string, params?: unknown[]) => {
        const t = Date.now();
        await raw.query(sql, params);
        log(`${((Date.now() - t) / 1000).toFixed(1)} s: ${sql.replace(/\s+/g, ' ').slice(0, 60)}`);
      },
    };
    await tx.query(`SET LOCAL session_replication_role = replica`);
    await tx.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    await tx.query(`SET LOCAL work_mem = '128MB'`);
    await tx.query(`SELECT setseed(0.2021)`);
    await tx.query(`CREATE TEMP TABLE b_counties ON COMMIT DROP AS
      SELECT d.code, (row_number() OVER (ORDER BY d.code) - 1)::int AS n,
        (SELECT count(*) FROM divisions t WHERE t.level = 'town' AND t.parent_code = d.code)::int AS towns
      FROM divisions d WHERE d.level = 'county' AND d.code NOT LIKE '34127%'`);
    await tx.query(`CREATE TEMP TABLE b_towns ON COMMIT DROP AS
      SELECT code, parent_code AS county, (row_number() OVER (PARTITION BY parent_code ORDER BY code) - 1)::int AS n
      FROM divisions WHERE level = 'town'`);
    await tx.query(`CREATE TEMP TABLE b_departments ON COMMIT DROP AS
      SELECT code, (row_number() OVER (ORDER BY code) - 1)::int AS n FROM departments`);
    const channels = CHANNELS.map(([c]) => `'${c}'`).join(',');
    let cumulative = 0;
    const bounds = CHANNELS.map(([, share]) => (cumulative += share)).slice(0, -1);
    // One row per ticket with every random draw it needs.
    await tx.query(
      `CREATE TEMP TABLE b_tickets ON COMMIT DROP AS
       SELECT 'ap_' || lpad(to_hex(g), 32, '0') AS item_id,
         timestamptz '2021-01-01 00:00+08' + random() * (timestamptz '2026-12-01 00:00+08' - timestamptz '2021-01-01 00:00+08') AS received_at,
         floor(random() * (SELECT count(*) FROM b_counties))::int AS ci, random() AS tr,
         floor(power(random(), 2) * (SELECT count(*) FROM b_departments))::int AS di,
         (ARRAY[${channels}])[1 + width_bucket(random(), ARRAY[${bounds.join(',')}]::float8[])] AS channel,
         random() AS r_path, random() AS r_open, random() AS r_accept, random() AS r_days, random() AS r_close,
         random() AS r_late, random() AS r_rate
       FROM generate_series(1, $1::int) g`,
      [tickets],
    );
    await tx.query(`ANALYZE b_tickets`);
    // Handling rounds: 91% one automatic round; 4% triage then a dispatcher's round; 5% returned then re-dispatched.
    await tx.query(`CREATE TEMP TABLE b_rounds ON COMMIT DROP AS
      WITH t AS (
        SELECT b.*, c.code AS county, tw.code AS town, d.code AS dept,
          (SELECT code FROM b_departments WHERE n = (b.di + 1) % (SELECT count(*) FROM b_departments)) AS dept2,
          CASE WHEN b.r_path < 0.04 THEN 'triage' WHEN b.r_path < 0.09 THEN 'returned' ELSE 'direct' END AS path,
          b.r_open < CASE WHEN b.received_at > timestamptz '2026-12-01 00:00+08' - interval '45 days' THEN 0.33 ELSE 0.003 END AS open
        FROM b_tickets b
        JOIN b_counties c ON c.n = b.ci
        JOIN b_towns tw ON tw.county = c.code AND tw.n = floor(b.tr * c.towns)::int
        JOIN b_departments d ON d.n = b.di
      )
      SELECT item_id, 1 AS drev, CASE WHEN path = 'triage' THEN 'triage' ELSE 'auto' END AS mode,
        CASE WHEN path = 'triage' THEN NULL ELSE county END AS county, CASE WHEN path = 'triage' THEN NULL ELSE town END AS town,
        CASE WHEN path = 'triage' THEN NULL ELSE dept END AS dept, channel, received_at,
        received_at + interval '10 minutes' AS decided_at, path = 'direct' AS final,
        CASE WHEN path = 'returned' THEN 'returned' WHEN path = 'triage' THEN 'none'
             WHEN open THEN CASE WHEN r_accept < 0.5 THEN 'accepted' ELSE 'routed' END ELSE 'closed' END AS fate,
        r_accept, r_days, r_close, r_late, r_rate
      FROM t
      UNION ALL
      SELECT item_id, 2, 'auto', county, town, CASE WHEN path = 'returned' THEN dept2 ELSE dept END, channel, received_at,
        received_at + interval '1 day', true,
        CASE WHEN open THEN CASE WHEN r_accept < 0.5 THEN 'accepted' ELSE 'routed' END ELSE 'closed' END,
        r_accept, r_days, r_close, r_late, r_rate
      FROM t WHERE path <> 'direct'`);
    await tx.query(`ALTER TABLE b_rounds ADD due_at timestamptz, ADD closed_at timestamptz`);
    // Deadlines of 7–21 calendar days (5–15 working days, roughly); nine in ten closed by them, the rest up to ten
    // days late.
    await tx.query(`UPDATE b_rounds SET
      due_at = CASE WHEN mode = 'auto' THEN date_trunc('day', decided_at + (7 + floor(r_days * 14)) * interval '1 day') + interval '1 day' - interval '1 ms' END,
      closed_at = CASE WHEN fate = 'closed' THEN decided_at + CASE WHEN r_late < 0.9 THEN r_close * (7 + floor(r_days * 14)) * interval '1 day'
        ELSE (8 + floor(r_days * 14) + r_close * 10) * interval '1 day' END END`);
    // Secondary indexes are built once after the load (sorted), not row by row; the load's time includes them.
    const indexes = await raw.query<{ indexname: string; indexdef: string }[]>(
      `SELECT i.indexname, i.indexdef FROM pg_indexes i
       WHERE i.schemaname = 'public' AND i.tablename IN ('routing_decisions', 'ticket_heads', 'feedback_events', 'ticket_ratings')
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    );
    for (const i of indexes) await tx.query(`DROP INDEX "${i.indexname}"`);
    await tx.query(`ANALYZE b_rounds`);
    await tx.query(`INSERT INTO routing_decisions (item_id, item_revision, decision_revision, mode, reason, county_code,
        department_code, grade, due_at, rule_set_version, ticket, source_topic, source_partition, source_offset, created_at)
      SELECT item_id, 1, drev, mode, CASE WHEN mode = 'triage' THEN 'no_jurisdiction' END, county, dept, 'general', due_at, 1,
        jsonb_build_object('item', jsonb_build_object('id', item_id, 'channel', channel, 'receivedAt', received_at),
          'decision', jsonb_build_object('mode', mode, 'decidedAt', decided_at,
            'jurisdiction', jsonb_build_object('codes', jsonb_strip_nulls(jsonb_build_object('county', county, 'town', town))))),
        'bench', drev, row_number() OVER (), decided_at
      FROM b_rounds`);
    await tx.query(`INSERT INTO ticket_heads (item_id, item_revision, decision_revision, status, mode, channel, county_code,
        town_code, lead_department, departments, grade, due_at, submitted_at, received_at, decided_at, updated_at)
      SELECT item_id, 1, drev, CASE WHEN mode = 'triage' THEN 'triage' ELSE fate END, mode, channel, county, town, dept,
        CASE WHEN dept IS NULL THEN '{}'::text[] ELSE ARRAY[dept] END, 'general', due_at, received_at, received_at,
        decided_at, coalesce(closed_at, decided_at)
      FROM b_rounds WHERE final`);
    await tx.query(`INSERT INTO feedback_events (event_id, item_id, decision_revision, kind, department, reason, actor, at)
      SELECT 'a' || drev || item_id, item_id, drev, 'accepted', dept, NULL, 'bench', decided_at + interval '2 hours'
        FROM b_rounds WHERE fate IN ('accepted', 'closed', 'returned') AND r_accept >= 0.05
      UNION ALL
      SELECT 'r' || drev || item_id, item_id, drev, 'returned', dept, '不属于本单位职责', 'bench', decided_at + interval '1 day'
        FROM b_rounds WHERE fate = 'returned'
      UNION ALL
      SELECT 'c' || drev || item_id, item_id, drev, 'closed', dept, NULL, 'bench', closed_at
        FROM b_rounds WHERE fate = 'closed'`);
    await tx.query(`INSERT INTO ticket_ratings (item_id, decision_revision, rating, source, actor, rated_at, county_code,
        town_code, department, channel)
      SELECT item_id, drev, CASE WHEN r_rate < 0.32 THEN 'satisfied' WHEN r_rate < 0.368 THEN 'basically_satisfied'
        ELSE 'dissatisfied' END, 'follow_up', 'bench', closed_at + interval '1 day', county, town, dept, channel
      FROM b_rounds WHERE fate = 'closed' AND r_rate < 0.4`);
    for (const i of indexes) await tx.query(i.indexdef);
  });
  await db.query(`ANALYZE`);
}
