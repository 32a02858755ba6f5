import { Inject, Injectable } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { DATA_SOURCE } from '../runtime/tokens';

export interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  payload: string;
  headers: Record<string, string>;
}

/** The outbox's relay side (rows are written with the items they announce, by IngestRepository). */
@Injectable()
export class OutboxRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  /** Unsent rows and the age of the oldest, in one read of the partial index (for /metrics). */
  async backlog(): Promise<{ unsent: number; oldestSeconds: number }> {
    const [row] = await this.db.query<{ unsent: string; oldest: number | null }[]>(
      `SELECT count(*) AS unsent, extract(epoch FROM now() - min(created_at))::float8 AS oldest
         FROM outbox WHERE sent_at IS NULL`,
    );
    return { unsent: Number(row?.unsent ?? 0), oldestSeconds: Math.max(0, row?.oldest ?? 0) };
  }

  /**
   * Claims up to `limit` unsent rows in id order (FOR UPDATE SKIP LOCKED, so relays in several replicas share the
   * work), hands them to `publish` and marks them sent in the same transaction: if `publish` throws, they stay unsent.
   * Returns how many were sent.
   */
  async relayBatch(limit: number, publish: (rows: OutboxRow[]) => Promise<void>): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<OutboxRow[]>(
        `SELECT id, topic, message_key, payload, headers FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (!rows.length) return 0;
      await publish(rows);
      await tx.query(`UPDATE outbox SET sent_at = now() WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
      return rows.length;
    });
  }
}
