import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * 好差评: the citizen's verdict on one handling round (a decision revision) of a ticket, from push intake, an upstream
 * record's satisfaction field or a follow-up call (回访) recorded by staff. One rating per round: the primary key makes
 * a rating delivered twice count once, and the statistics rollups count from this table.
 */
export class TicketRatings1764321600000 implements MigrationInterface {
  name = 'TicketRatings1764321600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "ticket_ratings" (
      "item_id" text NOT NULL, "decision_revision" integer NOT NULL,
      "rating" text NOT NULL CHECK ("rating" IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
      "comment" text, "source" text NOT NULL CHECK ("source" IN ('push', 'upstream', 'follow_up')),
      "actor" text NOT NULL, "rated_at" timestamptz NOT NULL,
      "county_code" text, "town_code" text, "department" text, "channel" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("item_id", "decision_revision"))`);
    await q.query(`CREATE INDEX "ix_ticket_ratings_rated" ON "ticket_ratings" ("rated_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "ticket_ratings"`);
  }
}
