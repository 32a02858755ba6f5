import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Channels that push to the gateway. The secret (HMAC key) is stored as given for now; encryption at rest comes with
 * the gateway keys work.
 */
export class PushChannels1764237600000 implements MigrationInterface {
  name = 'PushChannels1764237600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "push_channels" (
      "channel" text PRIMARY KEY, "secret" text NOT NULL, "enabled" boolean NOT NULL DEFAULT true,
      "max_body_bytes" integer NOT NULL DEFAULT 262144, "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "push_channels"`);
  }
}
