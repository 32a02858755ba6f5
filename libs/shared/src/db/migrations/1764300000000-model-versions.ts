import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Learned models are versioned like rule sets (docs/decisions/018-learned-routing.md): every training run stores a
 * candidate with its window, counts and cross-validated figures; at most one version is published; admins' thresholds
 * live beside the model so a rollback brings back the thresholds it was published with. Decisions name the model
 * version they consulted, next to the rule-set version.
 */
export class ModelVersions1764300000000 implements MigrationInterface {
  name = 'ModelVersions1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "model_versions" (
      "version" text PRIMARY KEY,
      "status" text NOT NULL CHECK ("status" IN ('candidate', 'published', 'archived')),
      "trigger" text NOT NULL CHECK ("trigger" IN ('schedule', 'on_demand', 'import')),
      "created_by" text NOT NULL, "created_at" timestamptz NOT NULL DEFAULT now(),
      "window_from" timestamptz, "window_to" timestamptz,
      "examples" integer NOT NULL, "returned_examples" integer NOT NULL,
      "per_department" jsonb NOT NULL, "meta" jsonb NOT NULL, "document" jsonb NOT NULL,
      "threshold" double precision CHECK ("threshold" IS NULL OR ("threshold" > 0 AND "threshold" <= 1)),
      "department_thresholds" jsonb NOT NULL DEFAULT '{}',
      "settings_changed_at" timestamptz NOT NULL DEFAULT now(),
      "published_at" timestamptz, "published_by" text)`);
    await q.query(
      `CREATE UNIQUE INDEX "ux_model_versions_published" ON "model_versions" ("status") WHERE "status" = 'published'`,
    );
    await q.query(`ALTER TABLE "routing_decisions" ADD "model_version" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "routing_decisions" DROP COLUMN "model_version"`);
    await q.query(`DROP TABLE "model_versions"`);
  }
}
