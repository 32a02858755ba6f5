import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Runtime status of each connector instance, where operators (and the gateway) read it: state, last success and
 * error, backoff after failures, counts, and freshness (the newest upstream time seen).
 */
export class ConnectorStatus1764241200000 implements MigrationInterface {
  name = 'ConnectorStatus1764241200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "connector_instances"
      ADD "state" text NOT NULL DEFAULT 'running',
      ADD "status_reason" text,
      ADD "last_run_at" timestamptz,
      ADD "last_success_at" timestamptz,
      ADD "last_error" text,
      ADD "last_error_kind" text,
      ADD "consecutive_failures" integer NOT NULL DEFAULT 0,
      ADD "retry_at" timestamptz,
      ADD "next_run_at" timestamptz,
      ADD "fetched_total" bigint NOT NULL DEFAULT 0,
      ADD "emitted_total" bigint NOT NULL DEFAULT 0,
      ADD "quarantined_total" bigint NOT NULL DEFAULT 0,
      ADD "freshness" timestamptz`);
    await q.query(`ALTER TABLE "connector_runs" ADD "quarantined" integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "connector_runs" DROP COLUMN "quarantined"`);
    for (const c of [
      'freshness',
      'quarantined_total',
      'emitted_total',
      'fetched_total',
      'next_run_at',
      'retry_at',
      'consecutive_failures',
      'last_error_kind',
      'last_error',
      'last_success_at',
      'last_run_at',
      'status_reason',
      'state',
    ]) {
      await q.query(`ALTER TABLE "connector_instances" DROP COLUMN "${c}"`);
    }
  }
}
