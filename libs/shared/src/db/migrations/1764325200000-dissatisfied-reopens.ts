import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * 办理不满意专区: the head says how many times 不满意 has re-opened the ticket (0: its current decision is not a
 * re-open), so the queue is read by a partial index instead of every decision's JSON (decision 034).
 */
export class DissatisfiedReopens1764325200000 implements MigrationInterface {
  name = 'DissatisfiedReopens1764325200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "ticket_heads" ADD "reopen_count" integer NOT NULL DEFAULT 0`);
    await q.query(
      `CREATE INDEX "ix_ticket_heads_reopened" ON "ticket_heads" ("updated_at", "item_id") WHERE "reopen_count" > 0`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_ticket_heads_reopened"`);
    await q.query(`ALTER TABLE "ticket_heads" DROP COLUMN "reopen_count"`);
  }
}
