import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Gateway API keys. Only a hash of the secret is stored; the key is shown once at creation. A consumer key carries its
 * scope (county codes, optionally department codes); the city code 341200 means the whole city.
 */
export class ApiKeys1764248400000 implements MigrationInterface {
  name = 'ApiKeys1764248400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "api_keys" (
      "id" text PRIMARY KEY,
      "name" text NOT NULL,
      "role" text NOT NULL CHECK ("role" IN ('operator', 'admin', 'consumer', 'auditor')),
      "secret_hash" text NOT NULL,
      "counties" text[] NOT NULL DEFAULT '{}',
      "departments" text[] NOT NULL DEFAULT '{}',
      "rate_per_minute" integer NOT NULL DEFAULT 600,
      "created_by" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "expires_at" timestamptz,
      "revoked_at" timestamptz,
      "last_used_at" timestamptz,
      "rotated_from" text
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "api_keys"`);
  }
}
