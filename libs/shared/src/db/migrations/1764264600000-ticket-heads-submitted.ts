import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Open311 filters and orders service requests by requested_datetime, which is when the citizen submitted the appeal
 * (submitted_at), not when a connector happened to fetch it: without this a 90-day window scans every head.
 */
export class TicketHeadsSubmitted1764264600000 implements MigrationInterface {
  name = 'TicketHeadsSubmitted1764264600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_ticket_heads_submitted" ON "ticket_heads" ("submitted_at", "item_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_ticket_heads_submitted"`);
  }
}
