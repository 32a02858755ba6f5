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

/**
 * The maximum age: a raw capture holds the citizen's clear phone and ID numbers (sealed, but one key away), so past
 * RAW_MAX_AGE_DAYS it goes even when it is the one a fixed parser would re-read (decision 023).
 */
const EXPIRE_SQL = `DELETE FROM raw_captures WHERE fetched_at < $1`;

export interface PurgeCounts {
  /** Past the retention and not needed by a parser. */
  deleted: number;
  /** Past the maximum age, needed or not. */
  expired: number;
}

/** Retention of raw_captures (they are written with their items, by IngestRepository). */
@Injectable()
export class RawCapturesRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  /**
   * Purges captures fetched before `cutoff` that no parser needs, and every capture fetched before `maxAgeCutoff`;
   * null while another replica is purging (a transaction advisory lock).
   */
  async purgeBefore(cutoff: Date | null, maxAgeCutoff: Date | null = null): Promise<PurgeCounts | null> {
    return this.db.transaction(async (tx) => {
      const [{ locked }] = await tx.query<{ locked: boolean }[]>(
        `SELECT pg_try_advisory_xact_lock(hashtext('maintenance'), hashtext('raw_retention')) AS locked`,
      );
      if (!locked) return null;
      const expired = maxAgeCutoff
        ? (await tx.query<[unknown[], number]>(EXPIRE_SQL, [maxAgeCutoff.toISOString()]))[1]
        : 0;
      const deleted = cutoff
        ? (await tx.query<[unknown[], number]>(PURGE_SQL, [cutoff.toISOString()]))[1]
        : 0;
      return { deleted, expired };
    });
  }
}
