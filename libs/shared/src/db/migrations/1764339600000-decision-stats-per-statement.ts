import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The 亮晒比 rounds of new decisions, made once per statement instead of once per row (decision 040). The row trigger
 * ran three statements per decision and read four fields out of its ticket's JSONB, each read decompressing the
 * whole ticket: it cost PostgreSQL ~4× the insert itself and was most of the database's share of a router chunk.
 * Writers now pass those four fields as columns; a row without them (a writer that predates this) is still read
 * from its ticket.
 */
export class DecisionStatsPerStatement1764339600000 implements MigrationInterface {
  name = 'DecisionStatsPerStatement1764339600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "routing_decisions" ADD "channel" text, ADD "town_code" text,
      ADD "received_at" timestamptz, ADD "decided_at" timestamptz`);
    // A row with received_at came from a writer that fills all four columns (a missing town is no town); one
    // without is read from its ticket. "first" is the item's first round ever: none stored before this statement and the lowest revision in it. A
    // decision revision inserted twice in one statement (two item revisions) counts once, by its lowest item revision.
    await q.query(`CREATE FUNCTION stats_on_decisions() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        WITH fresh AS (
          SELECT DISTINCT ON (n.item_id, n.decision_revision) n.item_id, n.decision_revision, n.county_code,
            n.department_code, n.mode, n.due_at,
            coalesce(n.received_at, (n.ticket->'item'->>'receivedAt')::timestamptz, n.created_at) AS received_at,
            coalesce(CASE WHEN n.received_at IS NULL THEN n.ticket->'decision'->'jurisdiction'->'codes'->>'town'
              ELSE n.town_code END, '') AS town_code,
            coalesce(CASE WHEN n.received_at IS NULL THEN n.ticket->'item'->>'channel' ELSE n.channel END, '')
              AS channel,
            coalesce(n.decided_at, (n.ticket->'decision'->>'decidedAt')::timestamptz, n.created_at) AS decided_at,
            row_number() OVER (PARTITION BY n.item_id ORDER BY n.decision_revision, n.item_revision) AS nth
          FROM inserted n
          ORDER BY n.item_id, n.decision_revision, n.item_revision
        ), rounds AS (
          INSERT INTO stats_rounds (item_id, decision_revision, day, county_code, town_code, department, channel,
            first, mode, dispatched, decided_at, due_at)
          SELECT f.item_id, f.decision_revision, stats_shanghai_day(f.received_at), coalesce(f.county_code, ''),
            f.town_code, coalesce(f.department_code, ''), f.channel,
            f.nth = 1 AND NOT EXISTS (SELECT 1 FROM stats_rounds s WHERE s.item_id = f.item_id),
            f.mode, f.mode = 'auto' AND f.department_code IS NOT NULL, f.decided_at, f.due_at
          FROM fresh f
          ON CONFLICT DO NOTHING
          RETURNING *
        )
        INSERT INTO stats_deltas (day, county_code, town_code, department, channel, received, routed_auto, triaged,
          dispatched)
        SELECT day, county_code, town_code, department, channel, sum(first::int), sum((first AND mode = 'auto')::int),
          sum((first AND mode = 'triage')::int), sum(dispatched::int)
        FROM rounds GROUP BY day, county_code, town_code, department, channel;
        RETURN NULL;
      END $$`);
    await q.query(`DROP TRIGGER stats_decision ON routing_decisions`);
    await q.query(`CREATE TRIGGER stats_decisions AFTER INSERT ON routing_decisions
      REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION stats_on_decisions()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER stats_decisions ON routing_decisions`);
    await q.query(`CREATE TRIGGER stats_decision AFTER INSERT ON routing_decisions
      FOR EACH ROW EXECUTE FUNCTION stats_on_decision()`);
    await q.query(`DROP FUNCTION stats_on_decisions()`);
    await q.query(`ALTER TABLE "routing_decisions" DROP "channel", DROP "town_code", DROP "received_at",
      DROP "decided_at"`);
  }
}
