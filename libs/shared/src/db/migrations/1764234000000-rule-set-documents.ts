import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { DEFAULT_RULES } from '../../seed/default-rules';
import { legacyRulesDocument } from '../../seed/legacy-rules-document';
import pack from '../../seed/rule-pack/fuyang-default.json';

/**
 * Rule sets become whole documents (conditions + actions), one immutable document per version. Version 1 (the
 * skeleton's keyword list) is converted and archived; version 2, the Fuyang default pack, is published.
 */
export class RuleSetDocuments1764234000000 implements MigrationInterface {
  name = 'RuleSetDocuments1764234000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE "rule_sets" SET "document" = $1, "status" = 'archived' WHERE "version" = 1`, [
      JSON.stringify(legacyRulesDocument()),
    ]);
    await q.query(
      `INSERT INTO "rule_sets" ("version", "status", "note", "published_at", "document") VALUES (2, 'published', $1, now(), $2)`,
      ['Fuyang default pack', JSON.stringify(pack)],
    );
    await q.query(`DROP TABLE "routing_rules"`);
    await q.query(`ALTER TABLE "rule_sets" ALTER COLUMN "document" SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "rule_sets" ALTER COLUMN "document" DROP NOT NULL`);
    await q.query(`CREATE TABLE "routing_rules" (
      "id" text NOT NULL, "rule_set_version" integer NOT NULL REFERENCES "rule_sets"("version") ON DELETE CASCADE,
      "name" text NOT NULL, "keywords" text[] NOT NULL, "department_code" text NOT NULL REFERENCES "departments"("code"),
      "priority" integer NOT NULL DEFAULT 100, "grade" text NOT NULL DEFAULT 'general', "enabled" boolean NOT NULL DEFAULT true,
      PRIMARY KEY ("rule_set_version", "id"))`);
    await q.query(
      `INSERT INTO "routing_rules" ("id", "rule_set_version", "name", "keywords", "department_code", "priority", "grade")
       SELECT id, 1, name, ARRAY(SELECT jsonb_array_elements_text(keywords)), department, priority, grade
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, name text, keywords jsonb, department text, priority int, grade text)`,
      [JSON.stringify(DEFAULT_RULES)],
    );
    await q.query(`DELETE FROM "rule_sets" WHERE "version" > 1`);
    await q.query(`UPDATE "rule_sets" SET "status" = 'published', "document" = NULL WHERE "version" = 1`);
  }
}
