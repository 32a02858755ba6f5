import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The reference tables the router builds its routing context from (departments and rule sets are versioned apart). */
export const ROUTING_REFERENCE_TABLES = [
  'divisions',
  'jurisdiction_aliases',
  'channel_hints',
  'departments',
  'units',
  'calendar_days',
  'calendar_years',
] as const;

/**
 * Rule authoring: a change counter for the routing reference data, bumped by a statement trigger on every table the
 * router loads, so routers reload after any change — through the admin API, a migration or psql — and a delete
 * counts as much as an update (an updated_at column cannot show a delete). The counter is one row updated in the
 * writer's transaction, so its order is the commit order. Plus an index to simulate drafts against the latest items.
 */
export class RuleAuthoring1764255600000 implements MigrationInterface {
  name = 'RuleAuthoring1764255600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "reference_data_version" (
      "id" smallint PRIMARY KEY, "version" bigint NOT NULL DEFAULT 0, "changed_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`INSERT INTO "reference_data_version" ("id", "version") VALUES (1, 0)`);
    await q.query(`CREATE FUNCTION "bump_reference_data_version"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE "reference_data_version" SET "version" = "version" + 1, "changed_at" = now() WHERE "id" = 1;
        RETURN NULL;
      END $$`);
    for (const table of ROUTING_REFERENCE_TABLES) {
      await q.query(`CREATE TRIGGER "${table}_bump_reference_version"
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}"
        FOR EACH STATEMENT EXECUTE FUNCTION "bump_reference_data_version"()`);
    }
    await q.query(`CREATE INDEX "ix_appeal_items_received_at" ON "appeal_items" ("received_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_appeal_items_received_at"`);
    for (const table of ROUTING_REFERENCE_TABLES) {
      await q.query(`DROP TRIGGER "${table}_bump_reference_version" ON "${table}"`);
    }
    await q.query(`DROP FUNCTION "bump_reference_data_version"()`);
    await q.query(`DROP TABLE "reference_data_version"`);
  }
}
