import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class InitialSchema1764201600000 implements MigrationInterface {
  name = 'InitialSchema1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "connector_instances" (
      "id" text PRIMARY KEY, "type" text NOT NULL, "name" text NOT NULL, "config" jsonb NOT NULL DEFAULT '{}',
      "schedule" text NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "version" integer NOT NULL DEFAULT 1,
      "created_at" timestamptz NOT NULL DEFAULT now(), "updated_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE "connector_cursors" (
      "connector_id" text PRIMARY KEY REFERENCES "connector_instances"("id") ON DELETE CASCADE,
      "cursor" jsonb NOT NULL, "updated_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE "connector_runs" (
      "id" bigserial PRIMARY KEY, "connector_id" text NOT NULL REFERENCES "connector_instances"("id") ON DELETE CASCADE,
      "started_at" timestamptz NOT NULL DEFAULT now(), "finished_at" timestamptz, "status" text NOT NULL,
      "fetched" integer NOT NULL DEFAULT 0, "emitted" integer NOT NULL DEFAULT 0, "unchanged" integer NOT NULL DEFAULT 0,
      "error" text)`);
    await q.query(
      `CREATE INDEX "ix_connector_runs_connector" ON "connector_runs" ("connector_id", "started_at")`,
    );
    await q.query(`CREATE TABLE "raw_captures" (
      "sha256" text PRIMARY KEY, "connector_id" text NOT NULL, "external_id" text NOT NULL,
      "content_type" text NOT NULL, "body" text NOT NULL, "fetched_at" timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE "appeal_items" (
      "id" text NOT NULL, "revision" integer NOT NULL, "channel" text NOT NULL, "external_id" text NOT NULL,
      "connector_id" text NOT NULL, "content_sha256" text NOT NULL, "payload" jsonb NOT NULL,
      "received_at" timestamptz NOT NULL, PRIMARY KEY ("id", "revision"))`);
    await q.query(`CREATE TABLE "appeal_item_heads" (
      "id" text PRIMARY KEY, "revision" integer NOT NULL, "content_sha256" text NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE "outbox" (
      "id" bigserial PRIMARY KEY, "topic" text NOT NULL, "message_key" text NOT NULL, "payload" text NOT NULL,
      "headers" jsonb NOT NULL DEFAULT '{}', "created_at" timestamptz NOT NULL DEFAULT now(), "sent_at" timestamptz)`);
    await q.query(`CREATE INDEX "ix_outbox_unsent" ON "outbox" ("id") WHERE "sent_at" IS NULL`);
    await q.query(`CREATE TABLE "divisions" (
      "code" text PRIMARY KEY, "name" text NOT NULL, "level" text NOT NULL, "parent_code" text NOT NULL)`);
    await q.query(`CREATE TABLE "departments" (
      "code" text PRIMARY KEY, "name" text NOT NULL, "kind" text NOT NULL, "levels" text[] NOT NULL, "scope" text NOT NULL)`);
    await q.query(
      `CREATE TABLE "calendar_days" ("date" date PRIMARY KEY, "kind" text NOT NULL, "name" text)`,
    );
    await q.query(`CREATE TABLE "calendar_years" ("year" integer PRIMARY KEY, "source" text NOT NULL)`);
    await q.query(`CREATE TABLE "rule_sets" (
      "version" integer PRIMARY KEY, "status" text NOT NULL, "note" text, "created_at" timestamptz NOT NULL DEFAULT now(),
      "published_at" timestamptz)`);
    await q.query(`CREATE TABLE "routing_rules" (
      "id" text NOT NULL, "rule_set_version" integer NOT NULL REFERENCES "rule_sets"("version") ON DELETE CASCADE,
      "name" text NOT NULL, "keywords" text[] NOT NULL, "department_code" text NOT NULL REFERENCES "departments"("code"),
      "priority" integer NOT NULL DEFAULT 100, "grade" text NOT NULL DEFAULT 'general', "enabled" boolean NOT NULL DEFAULT true,
      PRIMARY KEY ("rule_set_version", "id"))`);
    await q.query(`CREATE TABLE "routing_decisions" (
      "item_id" text NOT NULL, "item_revision" integer NOT NULL, "decision_revision" integer NOT NULL,
      "mode" text NOT NULL, "reason" text, "county_code" text, "department_code" text, "grade" text NOT NULL,
      "due_at" timestamptz, "rule_set_version" integer NOT NULL, "ticket" jsonb NOT NULL,
      "source_partition" integer NOT NULL, "source_offset" bigint NOT NULL, "created_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("item_id", "item_revision", "decision_revision"))`);
    await q.query(`CREATE TABLE "dead_letters" (
      "id" bigserial PRIMARY KEY, "stage" text NOT NULL, "reason_code" text NOT NULL, "reason" text NOT NULL,
      "topic" text, "partition" integer, "offset" bigint, "message_key" text, "payload" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(), "replayed_at" timestamptz)`);
    await q.query(
      `CREATE UNIQUE INDEX "ux_dead_letters_origin" ON "dead_letters" ("topic", "partition", "offset")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'dead_letters',
      'routing_decisions',
      'routing_rules',
      'rule_sets',
      'calendar_years',
      'calendar_days',
      'departments',
      'divisions',
      'outbox',
      'appeal_item_heads',
      'appeal_items',
      'raw_captures',
      'connector_runs',
      'connector_cursors',
      'connector_instances',
    ]) {
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}
