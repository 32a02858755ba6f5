import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Webhooks for downstream systems that cannot read Kafka: subscriptions owned by a consumer key (signing secret sealed
 * with SECRETS_KEY) and one delivery row per subscription and event, which the gateway's dispatcher sends and retries.
 */
export class Webhooks1764262800000 implements MigrationInterface {
  name = 'Webhooks1764262800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "webhook_subscriptions" (
      "id" text PRIMARY KEY,
      "key_id" text NOT NULL,
      "url" text NOT NULL,
      "description" text,
      "events" text[] NOT NULL,
      "counties" text[] NOT NULL DEFAULT '{}',
      "departments" text[] NOT NULL DEFAULT '{}',
      "grades" text[] NOT NULL DEFAULT '{}',
      "channels" text[] NOT NULL DEFAULT '{}',
      "active" boolean NOT NULL DEFAULT true,
      "secret" text NOT NULL,
      "secret_rotated_at" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "webhook_subscriptions_key_id_fkey" FOREIGN KEY ("key_id") REFERENCES "api_keys"("id")
    )`);
    await q.query(
      `CREATE INDEX "ix_webhook_subscriptions_key" ON "webhook_subscriptions" ("key_id", "created_at")`,
    );
    await q.query(`CREATE TABLE "webhook_deliveries" (
      "id" text PRIMARY KEY,
      "subscription_id" text NOT NULL,
      "event" text NOT NULL,
      "item_id" text NOT NULL,
      "decision_revision" integer NOT NULL,
      "payload" jsonb NOT NULL,
      "status" text NOT NULL DEFAULT 'pending' CHECK ("status" IN ('pending', 'delivered', 'failed', 'cancelled')),
      "attempts" integer NOT NULL DEFAULT 0,
      "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
      "last_attempt_at" timestamptz,
      "last_status_code" integer,
      "last_error" text,
      "attempt_log" jsonb NOT NULL DEFAULT '[]',
      "delivered_at" timestamptz,
      "redelivery_of" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "webhook_deliveries_subscription_id_fkey" FOREIGN KEY ("subscription_id")
        REFERENCES "webhook_subscriptions"("id") ON DELETE CASCADE
    )`);
    await q.query(`CREATE UNIQUE INDEX "ux_webhook_deliveries_event"
      ON "webhook_deliveries" ("subscription_id", "item_id", "decision_revision", "event") WHERE "redelivery_of" IS NULL`);
    await q.query(`CREATE INDEX "ix_webhook_deliveries_due"
      ON "webhook_deliveries" ("next_attempt_at") WHERE "status" = 'pending'`);
    await q.query(`CREATE INDEX "ix_webhook_deliveries_subscription"
      ON "webhook_deliveries" ("subscription_id", "created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "webhook_deliveries"`);
    await q.query(`DROP TABLE "webhook_subscriptions"`);
  }
}
