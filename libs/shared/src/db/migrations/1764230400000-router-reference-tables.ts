import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Tables the full router needs: admin-maintained aliases/POIs, channel hints and unit names, the audit log,
 * SimHash fingerprints for duplicate linking, and feedback events for re-dispatch.
 */
export class RouterReferenceTables1764230400000 implements MigrationInterface {
  name = 'RouterReferenceTables1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "jurisdiction_aliases" (
      "alias" text PRIMARY KEY, "code" text NOT NULL REFERENCES "divisions"("code"), "note" text,
      "updated_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE "channel_hints" (
      "channel" text NOT NULL, "kind" text NOT NULL, "value" text NOT NULL,
      "code" text NOT NULL REFERENCES "divisions"("code"), "updated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("channel", "kind", "value"))`);
    await q.query(`CREATE TABLE "units" (
      "department_code" text NOT NULL REFERENCES "departments"("code"), "division_code" text NOT NULL,
      "unit_name" text NOT NULL, "updated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("department_code", "division_code"))`);
    await q.query(`CREATE TABLE "audit_log" (
      "id" bigserial PRIMARY KEY, "actor" text NOT NULL, "action" text NOT NULL, "entity" text NOT NULL,
      "entity_id" text NOT NULL, "before" jsonb, "after" jsonb, "at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "ix_audit_log_entity" ON "audit_log" ("entity", "entity_id", "at")`);
    await q.query(`CREATE TABLE "item_fingerprints" (
      "item_id" text PRIMARY KEY, "simhash" bigint NOT NULL, "band0" integer NOT NULL, "band1" integer NOT NULL,
      "band2" integer NOT NULL, "band3" integer NOT NULL, "county_code" text, "phone_hash" text,
      "received_at" timestamptz NOT NULL)`);
    for (const band of [0, 1, 2, 3]) {
      await q.query(
        `CREATE INDEX "ix_item_fingerprints_band${band}" ON "item_fingerprints" ("band${band}", "received_at")`,
      );
    }
    await q.query(
      `CREATE INDEX "ix_item_fingerprints_phone" ON "item_fingerprints" ("phone_hash", "received_at")`,
    );
    await q.query(`CREATE TABLE "feedback_events" (
      "event_id" text PRIMARY KEY, "item_id" text NOT NULL, "decision_revision" integer NOT NULL, "kind" text NOT NULL,
      "department" text NOT NULL, "reason" text, "actor" text NOT NULL, "at" timestamptz NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "ix_feedback_events_item" ON "feedback_events" ("item_id", "at")`);
    await q.query(
      `ALTER TABLE "routing_decisions" ADD "source_topic" text NOT NULL DEFAULT 'appeal.items.v1'`,
    );
    // Each decision is made by exactly one message (an item revision or a feedback event): a re-read finds it by origin.
    await q.query(
      `CREATE UNIQUE INDEX "ux_routing_decisions_origin" ON "routing_decisions" ("source_topic", "source_partition", "source_offset")`,
    );
    await q.query(`ALTER TABLE "rule_sets" ADD "document" jsonb`);
    await q.query(`ALTER TABLE "rule_sets" ADD "created_by" text NOT NULL DEFAULT 'system'`);
    // At most one published version at any time: publishing is "archive the old, publish the new" in one transaction.
    await q.query(
      `CREATE UNIQUE INDEX "ux_rule_sets_published" ON "rule_sets" ("status") WHERE "status" = 'published'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ux_rule_sets_published"`);
    await q.query(`ALTER TABLE "rule_sets" DROP COLUMN "created_by"`);
    await q.query(`ALTER TABLE "rule_sets" DROP COLUMN "document"`);
    await q.query(`DROP INDEX "ux_routing_decisions_origin"`);
    await q.query(`ALTER TABLE "routing_decisions" DROP COLUMN "source_topic"`);
    for (const t of [
      'feedback_events',
      'item_fingerprints',
      'audit_log',
      'units',
      'channel_hints',
      'jurisdiction_aliases',
    ]) {
      await q.query(`DROP TABLE "${t}"`);
    }
  }
}
