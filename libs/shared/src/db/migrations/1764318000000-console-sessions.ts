import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Sign-in sessions of the web console: a session stands for the API key it was opened with, holds only a hash of
 * its token (the cookie), expires, and is revoked by signing out or when the key is revoked.
 */
export class ConsoleSessions1764318000000 implements MigrationInterface {
  name = 'ConsoleSessions1764318000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "console_sessions" (
      "id" text PRIMARY KEY,
      "token_hash" text NOT NULL UNIQUE,
      "key_id" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "expires_at" timestamptz NOT NULL,
      "revoked_at" timestamptz,
      CONSTRAINT "console_sessions_key_id_fkey" FOREIGN KEY ("key_id") REFERENCES "api_keys"("id")
    )`);
    await q.query(`CREATE INDEX "ix_console_sessions_key" ON "console_sessions" ("key_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "console_sessions"`);
  }
}
