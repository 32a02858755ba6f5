import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Decision 022: an admin's egress allowlist (hosts or CIDRs a target may reach although they are not public) per
 * webhook and per connector instance, and the coarse error code a consumer sees beside the detail an admin sees.
 */
export class EgressAllowlists1764314400000 implements MigrationInterface {
  name = 'EgressAllowlists1764314400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "webhook_subscriptions" ADD "egress_allow" text array NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "connector_instances" ADD "egress_allow" text array NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "webhook_deliveries" ADD "last_error_code" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "webhook_deliveries" DROP COLUMN "last_error_code"`);
    await q.query(`ALTER TABLE "connector_instances" DROP COLUMN "egress_allow"`);
    await q.query(`ALTER TABLE "webhook_subscriptions" DROP COLUMN "egress_allow"`);
  }
}
