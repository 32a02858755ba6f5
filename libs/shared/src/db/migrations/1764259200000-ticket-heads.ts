import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * One row per appeal with its current state, written by the router in the same transaction as each decision and
 * feedback event: the gateway's ticket list, Open311 and webhooks filter and page on it instead of scanning every
 * decision revision. Backfilled from routing_decisions and feedback_events.
 */
export class TicketHeads1764259200000 implements MigrationInterface {
  name = 'TicketHeads1764259200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "ticket_heads" (
      "item_id" text PRIMARY KEY,
      "item_revision" integer NOT NULL,
      "decision_revision" integer NOT NULL,
      "status" text NOT NULL CHECK ("status" IN ('triage', 'routed', 'accepted', 'closed')),
      "mode" text NOT NULL,
      "reason" text,
      "channel" text NOT NULL,
      "county_code" text,
      "town_code" text,
      "village_code" text,
      "lead_department" text,
      "departments" text[] NOT NULL DEFAULT '{}',
      "grade" text NOT NULL,
      "due_at" timestamptz,
      "submitted_at" timestamptz NOT NULL,
      "received_at" timestamptz NOT NULL,
      "decided_at" timestamptz NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "ix_ticket_heads_received" ON "ticket_heads" ("received_at", "item_id")`);
    await q.query(`CREATE INDEX "ix_ticket_heads_county" ON "ticket_heads" ("county_code", "received_at")`);
    await q.query(`CREATE INDEX "ix_ticket_heads_status" ON "ticket_heads" ("status", "received_at")`);
    await q.query(`CREATE INDEX "ix_ticket_heads_updated" ON "ticket_heads" ("updated_at", "item_id")`);
    await q.query(`CREATE INDEX "ix_ticket_heads_departments" ON "ticket_heads" USING gin ("departments")`);
    await q.query(`INSERT INTO ticket_heads (item_id, item_revision, decision_revision, status, mode, reason, channel,
        county_code, town_code, village_code, lead_department, departments, grade, due_at, submitted_at, received_at,
        decided_at, updated_at)
      SELECT DISTINCT ON (d.item_id) d.item_id, d.item_revision, d.decision_revision,
        CASE WHEN d.mode = 'auto' THEN 'routed' ELSE 'triage' END, d.mode, d.reason, d.ticket->'item'->>'channel',
        d.county_code, d.ticket->'decision'->'jurisdiction'->'codes'->>'town',
        d.ticket->'decision'->'jurisdiction'->'codes'->>'village', d.department_code,
        ARRAY(SELECT x FROM unnest(ARRAY[d.department_code] || ARRAY(
          SELECT c->>'department' FROM jsonb_array_elements(d.ticket->'decision'->'co') c)) x WHERE x IS NOT NULL),
        d.grade, d.due_at, (d.ticket->'item'->>'submittedAt')::timestamptz,
        (d.ticket->'item'->>'receivedAt')::timestamptz, d.created_at, d.created_at
      FROM routing_decisions d ORDER BY d.item_id, d.decision_revision DESC`);
    await q.query(`UPDATE ticket_heads h SET status = f.kind, updated_at = f.at
      FROM (SELECT DISTINCT ON (item_id) item_id, decision_revision, kind, at FROM feedback_events
            WHERE kind IN ('accepted', 'closed') ORDER BY item_id, at DESC) f
      WHERE f.item_id = h.item_id AND f.decision_revision = h.decision_revision AND h.mode = 'auto'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "ticket_heads"`);
  }
}
