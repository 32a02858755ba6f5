import { Inject, Injectable } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { DATA_SOURCE } from '@minsheng/shared/runtime';

/**
 * The next input offset of each partition whose chunks the router has committed to Kafka, kept in PostgreSQL as a
 * second witness to the group's own offsets (decision 039). Written only after a transaction committed, so it never
 * runs ahead of what was published; it only ever moves forward.
 */
@Injectable()
export class PublishedOffsetsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async next(groupId: string, topic: string, partition: number): Promise<bigint> {
    const [row] = await this.db.query<{ next_offset: string }[]>(
      `SELECT next_offset FROM router_published WHERE group_id = $1 AND topic = $2 AND partition = $3`,
      [groupId, topic, partition],
    );
    return row ? BigInt(row.next_offset) : -1n;
  }

  async advance(groupId: string, topic: string, partition: number, next: string): Promise<void> {
    await this.db.query(
      `INSERT INTO router_published (group_id, topic, partition, next_offset) VALUES ($1, $2, $3, $4)
       ON CONFLICT (group_id, topic, partition) DO UPDATE
         SET next_offset = GREATEST(router_published.next_offset, EXCLUDED.next_offset), updated_at = now()`,
      [groupId, topic, partition, next],
    );
  }
}
