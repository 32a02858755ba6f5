import { Inject, Injectable } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { DATA_SOURCE } from '../runtime/tokens';

/**
 * Deletes old raw captures, but never one a fixed parser could still need: the capture behind the newest revision of
 * every item (appeal_items.payload.source.rawSha256 of the head revision), nor the newest capture of every upstream
 * record (connector, external id), which is the one to re-parse when the newest fetch was quarantined.
 */
export const PURGE_SQL = `
  WITH keep AS (
    SELECT i.payload->'source'->>'rawSha256' AS sha256
      FROM appeal_item_heads h JOIN appeal_items i ON i.id = h.id AND i.revision = h.revision
    UNION
    SELECT sha256 FROM (
      SELECT DISTINCT ON (connector_id, external_id) sha256
        FROM raw_captures ORDER BY connector_id, external_id, fetched_at DESC, sha256) newest
  )
  DELETE FROM raw_captures r
   WHERE r.fetched_at < $1
     AND NOT EXISTS (SELECT 1 FROM keep k WHERE k.sha256 = r.sha256)`;

/** Retention of raw_captures (they are written with their items, by IngestRepository). */
@Injectable()
export class RawCapturesRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  /** Purges captures fetched before `cutoff`; null while another replica is purging (a transaction advisory lock). */
  async purgeBefore(cutoff: Date): Promise<number | null> {
    return this.db.transaction(async (tx) => {
      const [{ locked }] = await tx.query<{ locked: boolean }[]>(
        `SELECT pg_try_advisory_xact_lock(hashtext('maintenance'), hashtext('raw_retention')) AS locked`,
      );
      if (!locked) return null;
      const [, deleted] = await tx.query<[unknown[], number]>(PURGE_SQL, [cutoff.toISOString()]);
      return deleted;
    });
  }
}
