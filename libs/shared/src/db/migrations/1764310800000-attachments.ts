import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Attachment capture (decision 021): one row per (item, attachment URL) with the state of its capture, and one row
 * per stored blob (content-addressed by SHA-256, stored once). The bytes live in the blob store, never here.
 */
export class Attachments1764310800000 implements MigrationInterface {
  name = 'Attachments1764310800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "attachment_blobs" (
      "sha256" text PRIMARY KEY, "media_type" text NOT NULL, "kind" text NOT NULL, "size" bigint NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(), "last_used_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE "item_attachments" (
      "id" text PRIMARY KEY, "item_id" text NOT NULL, "url" text NOT NULL, "kind_hint" text NOT NULL,
      "first_revision" integer NOT NULL, "last_revision" integer NOT NULL,
      "status" text NOT NULL CHECK ("status" IN ('pending', 'stored', 'refused', 'failed')),
      "sha256" text, "media_type" text, "size" bigint, "reason_code" text, "reason" text,
      "attempts" integer NOT NULL DEFAULT 0, "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
      "created_at" timestamptz NOT NULL DEFAULT now(), "updated_at" timestamptz NOT NULL DEFAULT now(),
      UNIQUE ("item_id", "url"))`);
    await q.query(
      `CREATE INDEX "ix_item_attachments_due" ON "item_attachments" ("next_attempt_at") WHERE "status" = 'pending'`,
    );
    await q.query(
      `CREATE INDEX "ix_item_attachments_sha" ON "item_attachments" ("sha256") WHERE "sha256" IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "item_attachments"`);
    await q.query(`DROP TABLE "attachment_blobs"`);
  }
}
