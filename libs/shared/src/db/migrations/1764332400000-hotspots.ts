import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * 热点: each hotspot is recorded once per (day, topic, place) — the unique key — in the same transaction as its outbox
 * row, so a second pass, a second replica or a restart never announces it twice (docs/decisions/036-hotspots.md).
 */
export class Hotspots1764332400000 implements MigrationInterface {
  name = 'Hotspots1764332400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "hotspots" (
      "id" text PRIMARY KEY, "day" date NOT NULL,
      "topic_kind" text NOT NULL CHECK ("topic_kind" IN ('tag', 'department', 'phrase')), "topic_value" text NOT NULL,
      "place_level" text NOT NULL CHECK ("place_level" IN ('county', 'town')), "place_code" text NOT NULL,
      "county_code" text NOT NULL, "observed" integer NOT NULL, "expected" double precision NOT NULL,
      "ratio" double precision NOT NULL, "p_value" double precision NOT NULL, "event" jsonb NOT NULL,
      "detected_at" timestamptz NOT NULL, "created_at" timestamptz NOT NULL DEFAULT now(),
      UNIQUE ("day", "topic_kind", "topic_value", "place_level", "place_code"))`);
    await q.query(`CREATE INDEX "ix_hotspots_day" ON "hotspots" ("day" DESC, "id" DESC)`);
    await q.query(`CREATE INDEX "ix_hotspots_county" ON "hotspots" ("county_code", "day" DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "hotspots"`);
  }
}
