import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * "Run now": an operator (or the gateway) sets run_requested_at; the connectors' scheduler starts a pull outside the
 * cron schedule when it is newer than last_run_at, and clears it as the run starts.
 */
export class RunNow1764244800000 implements MigrationInterface {
  name = 'RunNow1764244800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "connector_instances" ADD "run_requested_at" timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "connector_instances" DROP COLUMN "run_requested_at"`);
  }
}
