import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Issue 12, authority (docs/decisions/024-feedback-authority.md): Idempotency-Keys remembered with their ticket and
 * request, and the newest signing time of push deliveries per item, so a replay cannot roll an item back.
 */
export class Authority1764307200000 implements MigrationInterface {
  name = 'Authority1764307200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "feedback_requests" (
      "event_id" text PRIMARY KEY, "key_id" text NOT NULL, "item_id" text NOT NULL, "request_sha256" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "ix_feedback_requests_created_at" ON "feedback_requests" ("created_at")`);
    await q.query(`CREATE TABLE "push_item_clocks" ("item_id" text PRIMARY KEY, "signed_at" bigint NOT NULL,
      "raw_sha256s" text array NOT NULL, "last_raw_sha256" text NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "push_item_clocks"`);
    await q.query(`DROP TABLE "feedback_requests"`);
  }
}
