import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The trigger's "first round" and column fallbacks, shared by up() and down(); `prior` is how earlier rounds are found. */
function statsOnDecisions(lean: boolean): string {
  const source = lean
    ? `base AS MATERIALIZED (
          SELECT n.item_id, n.decision_revision, n.item_revision, n.county_code, n.department_code, n.mode, n.due_at,
            ${FALLBACKS}
          FROM inserted n
        ), fresh AS (
          SELECT DISTINCT ON (b.item_id, b.decision_revision) b.*,
            row_number() OVER (PARTITION BY b.item_id ORDER BY b.decision_revision, b.item_revision) AS nth
          FROM base b
          ORDER BY b.item_id, b.decision_revision, b.item_revision
        )`
    : `fresh AS (
          SELECT DISTINCT ON (n.item_id, n.decision_revision) n.item_id, n.decision_revision, n.county_code,
            n.department_code, n.mode, n.due_at, ${FALLBACKS},
            row_number() OVER (PARTITION BY n.item_id ORDER BY n.decision_revision, n.item_revision) AS nth
          FROM inserted n
          ORDER BY n.item_id, n.decision_revision, n.item_revision
        )`;
  const first = lean
    ? `f.nth = 1 AND prior.item_id IS NULL`
    : `f.nth = 1 AND NOT EXISTS (SELECT 1 FROM stats_rounds s WHERE s.item_id = f.item_id)`;
  const from = lean
    ? `fresh f LEFT JOIN LATERAL (SELECT s.item_id FROM stats_rounds s WHERE s.item_id = f.item_id LIMIT 1) prior ON true`
    : `fresh f`;
  return `CREATE OR REPLACE FUNCTION stats_on_decisions() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        WITH ${source}, rounds AS (
          INSERT INTO stats_rounds (item_id, decision_revision, day, county_code, town_code, department, channel,
            first, mode, dispatched, decided_at, due_at)
          SELECT f.item_id, f.decision_revision, stats_shanghai_day(f.received_at), coalesce(f.county_code, ''),
            f.town_code, coalesce(f.department_code, ''), f.channel, ${first},
            f.mode, f.mode = 'auto' AND f.department_code IS NOT NULL, f.decided_at, f.due_at
          FROM ${from}
          ON CONFLICT DO NOTHING
          RETURNING *
        )
        INSERT INTO stats_deltas (day, county_code, town_code, department, channel, received, routed_auto, triaged,
          dispatched)
        SELECT day, county_code, town_code, department, channel, sum(first::int), sum((first AND mode = 'auto')::int),
          sum((first AND mode = 'triage')::int), sum(dispatched::int)
        FROM rounds GROUP BY day, county_code, town_code, department, channel;
        RETURN NULL;
      END $$`;
}

/** A row without the four stats columns came from a writer that predates them: read them from its ticket. */
const FALLBACKS = `coalesce(n.received_at, (n.ticket->'item'->>'receivedAt')::timestamptz, n.created_at) AS received_at,
            coalesce(CASE WHEN n.received_at IS NULL THEN n.ticket->'decision'->'jurisdiction'->'codes'->>'town'
              ELSE n.town_code END, '') AS town_code,
            coalesce(CASE WHEN n.received_at IS NULL THEN n.ticket->'item'->>'channel' ELSE n.channel END, '')
              AS channel,
            coalesce(n.decided_at, (n.ticket->'decision'->>'decidedAt')::timestamptz, n.created_at) AS decided_at`;

/**
 * The statistics trigger of decision 040, same results, two costs removed (decision 033, fourth pass):
 * - "Is this the item's first round?" asked stats_rounds through a subplan that PostgreSQL may hash: a plan made
 *   while the table was small (a new session, stale statistics) read and hashed the whole table on every statement,
 *   a cost that grew with every appeal ever routed. A LATERAL probe with LIMIT 1 can only use the primary key.
 * - The sort for DISTINCT ON carried each row's whole ticket (~3 KB), because the fallbacks read it after the sort;
 *   the small columns are now taken first.
 */
export class DecisionStatsLean1764346800000 implements MigrationInterface {
  name = 'DecisionStatsLean1764346800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(statsOnDecisions(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(statsOnDecisions(false));
  }
}
