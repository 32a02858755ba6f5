import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * 督办: each due-soon, overdue and escalation event of a ticket's decision is recorded once (the unique key), in the
 * same transaction as its outbox row, so watcher replicas and restarts never announce it twice.
 */
export class Supervision1764303600000 implements MigrationInterface {
  name = 'Supervision1764303600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "supervision_events" (
      "id" bigserial PRIMARY KEY, "item_id" text NOT NULL, "decision_revision" integer NOT NULL,
      "kind" text NOT NULL CHECK ("kind" IN ('due_soon', 'overdue', 'escalated')),
      "due_at" timestamptz NOT NULL, "at" timestamptz NOT NULL, "county_code" text, "department" text NOT NULL,
      "unit_name" text NOT NULL, "event" jsonb NOT NULL, "created_at" timestamptz NOT NULL DEFAULT now(),
      UNIQUE ("item_id", "decision_revision", "kind"))`);
    await q.query(`CREATE INDEX "ix_supervision_events_kind" ON "supervision_events" ("kind", "at")`);
    // The watch reads open routed tickets by deadline; closed and triage ones are never its business.
    await q.query(
      `CREATE INDEX "ix_ticket_heads_due" ON "ticket_heads" ("due_at") WHERE "mode" = 'auto' AND "status" IN ('routed', 'accepted')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_ticket_heads_due"`);
    await q.query(`DROP TABLE "supervision_events"`);
  }
}
