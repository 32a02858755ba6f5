import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Where each router group's input partitions stand, written after every committed chunk: a second witness beside
 * the group's offsets in Kafka, which a partition's new owner can read stale (kafkajs has no KIP-447's stable
 * offset fetch) and then re-publish what its previous owner committed (docs/decisions/039-published-offsets.md).
 */
export class RouterPublished1764336000000 implements MigrationInterface {
  name = 'RouterPublished1764336000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "router_published" (
      "group_id" text NOT NULL, "topic" text NOT NULL, "partition" integer NOT NULL,
      "next_offset" bigint NOT NULL, "updated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("group_id", "topic", "partition"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "router_published"`);
  }
}
