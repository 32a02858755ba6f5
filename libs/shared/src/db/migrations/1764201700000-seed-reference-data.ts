import { type MigrationInterface, type QueryRunner } from 'typeorm';
import calendar from '../../seed/cn-calendar-2026.json';
import departments from '../../seed/departments.json';
import divisions from '../../seed/fuyang-divisions.json';
import { DEFAULT_RULES } from '../../seed/default-rules';

/** Reference data is versioned with the schema so every environment, test database and demo starts from the same facts. */
export class SeedReferenceData1764201700000 implements MigrationInterface {
  name = 'SeedReferenceData1764201700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `INSERT INTO "divisions" ("code", "name", "level", "parent_code")
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS d(code text, name text, level text, "parentCode" text)`,
      [JSON.stringify(divisions)],
    );
    await q.query(
      `INSERT INTO "departments" ("code", "name", "kind", "levels", "scope")
       SELECT code, name, kind, ARRAY(SELECT jsonb_array_elements_text(levels)), scope
       FROM jsonb_to_recordset($1::jsonb) AS d(code text, name text, kind text, levels jsonb, scope text)`,
      [JSON.stringify(departments.departments)],
    );
    await q.query(`INSERT INTO "calendar_years" ("year", "source") VALUES ($1, $2)`, [
      calendar.year,
      calendar.source,
    ]);
    await q.query(
      `INSERT INTO "calendar_days" ("date", "kind", "name")
       SELECT date::date, kind, name FROM jsonb_to_recordset($1::jsonb) AS d(date text, kind text, name text)`,
      [JSON.stringify(calendar.days)],
    );
    await q.query(
      `INSERT INTO "rule_sets" ("version", "status", "note", "published_at") VALUES (1, 'published', $1, now())`,
      ['Default Fuyang keyword pack'],
    );
    await q.query(
      `INSERT INTO "routing_rules" ("id", "rule_set_version", "name", "keywords", "department_code", "priority", "grade")
       SELECT id, 1, name, ARRAY(SELECT jsonb_array_elements_text(keywords)), department, priority, grade
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, name text, keywords jsonb, department text, priority int, grade text)`,
      [JSON.stringify(DEFAULT_RULES)],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "routing_rules" WHERE "rule_set_version" = 1`);
    await q.query(`DELETE FROM "rule_sets" WHERE "version" = 1`);
    await q.query(`DELETE FROM "calendar_days"`);
    await q.query(`DELETE FROM "calendar_years"`);
    await q.query(`DELETE FROM "departments"`);
    await q.query(`DELETE FROM "divisions"`);
  }
}
