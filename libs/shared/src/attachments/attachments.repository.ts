import { Inject, Injectable } from '@nestjs/common';
import { type DataSource, type EntityManager } from 'typeorm';
import { type AppealItemV1 } from '../contracts';
import { sha256Hex } from '../ids';
import { jsonRows } from '../ingest/json-rows';
import { DATA_SOURCE } from '../runtime/tokens';

export type AttachmentStatus = 'pending' | 'stored' | 'refused' | 'failed';

export interface AttachmentRow {
  id: string;
  item_id: string;
  url: string;
  kind_hint: string;
  status: AttachmentStatus;
  sha256: string | null;
  media_type: string | null;
  size: string | null;
  reason_code: string | null;
  reason: string | null;
  attempts: number;
  next_attempt_at: Date;
  updated_at: Date;
}

export interface StoredBlob {
  sha256: string;
  mediaType: string;
  kind: string;
  size: number;
}

export interface AttachmentFailure {
  code: string;
  reason: string;
  /** Final: the row becomes refused (the content itself) or failed (attempts used up); else it is retried then. */
  final: 'refused' | 'failed' | null;
  nextAttemptAt: Date;
}

export interface AttachmentPurge {
  references: number;
  blobs: string[];
}

/** Stable per (item, URL): the same URL in a later revision is the same attachment, fetched once. */
export function attachmentId(itemId: string, url: string): string {
  return `at_${sha256Hex(`${itemId}\n${url}`).slice(0, 32)}`;
}

const COLUMNS = `id, item_id, url, kind_hint, status, sha256, media_type, size, reason_code, reason, attempts,
  next_attempt_at, updated_at`;

/**
 * item_attachments and attachment_blobs (decision 021). Rows are enqueued inside the ingest transaction (so an item
 * never exists without its capture rows), fetched by the connectors' capture worker, read by the gateway and
 * purged with the raw-capture retention.
 */
@Injectable()
export class AttachmentsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  /**
   * Called by IngestRepository in the page's transaction: one pending row per new (item, URL); a URL the new revision
   * still lists is marked as referenced by it, which is what retention keeps.
   */
  static async enqueueIn(tx: EntityManager, items: readonly AppealItemV1[]): Promise<void> {
    const rows = items.flatMap((item) =>
      [...new Map(item.attachments.map((a) => [a.url, a])).values()].map((a) => ({
        id: attachmentId(item.id, a.url),
        item: item.id,
        url: a.url,
        kind: a.kind,
        rev: item.revision,
      })),
    );
    if (!rows.length) return;
    await tx.query(
      `INSERT INTO item_attachments (id, item_id, url, kind_hint, first_revision, last_revision, status)
       SELECT id, item, url, kind, rev, rev, 'pending'
         FROM json_to_recordset($1::json) AS t(id text, item text, url text, kind text, rev int)
       ON CONFLICT (id) DO UPDATE SET last_revision = GREATEST(item_attachments.last_revision, EXCLUDED.last_revision),
         updated_at = now()`,
      [jsonRows(rows)],
    );
  }

  /**
   * Claims up to `limit` due rows (FOR UPDATE SKIP LOCKED, so replicas share the work) and leases them for
   * `leaseMs`: a worker that dies mid-fetch leaves them due again after that.
   */
  async claimDue(limit: number, leaseMs: number): Promise<AttachmentRow[]> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<AttachmentRow[]>(
        `SELECT ${COLUMNS} FROM item_attachments
          WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length)
        await tx.query(
          `UPDATE item_attachments SET next_attempt_at = now() + $2 * interval '1 millisecond' WHERE id = ANY($1::text[])`,
          [rows.map((r) => r.id), leaseMs],
        );
      return rows;
    });
  }

  /**
   * Before the bytes go to the blob store: the blob's row exists and was used just now, so retention (which deletes
   * unreferenced blobs not used since its cutoff, and their files inside its transaction) cannot take it meanwhile.
   */
  async reserveBlob(blob: StoredBlob): Promise<void> {
    await this.db.query(
      `INSERT INTO attachment_blobs (sha256, media_type, kind, size) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sha256) DO UPDATE SET last_used_at = now()`,
      [blob.sha256, blob.mediaType, blob.kind, blob.size],
    );
  }

  async recordStored(id: string, blob: StoredBlob): Promise<void> {
    await this.db.query(
      `UPDATE item_attachments SET status = 'stored', sha256 = $2, media_type = $3, size = $4, reason_code = NULL,
         reason = NULL, attempts = attempts + 1, updated_at = now() WHERE id = $1`,
      [id, blob.sha256, blob.mediaType, blob.size],
    );
  }

  async recordFailure(id: string, f: AttachmentFailure): Promise<void> {
    await this.db.query(
      `UPDATE item_attachments SET status = $2, reason_code = $3, reason = $4, attempts = attempts + 1,
         next_attempt_at = $5, updated_at = now() WHERE id = $1`,
      [id, f.final ?? 'pending', f.code, f.reason.slice(0, 1000), f.nextAttemptAt.toISOString()],
    );
  }

  /** Every attachment of the given items, in the order they were first seen. */
  async listForItems(itemIds: readonly string[]): Promise<AttachmentRow[]> {
    if (!itemIds.length) return [];
    return this.db.query<AttachmentRow[]>(
      `SELECT ${COLUMNS} FROM item_attachments WHERE item_id = ANY($1::text[]) ORDER BY item_id, created_at, id`,
      [itemIds],
    );
  }

  async findById(id: string): Promise<AttachmentRow | null> {
    const rows = await this.db.query<AttachmentRow[]>(
      `SELECT ${COLUMNS} FROM item_attachments WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Retention, under the raw-capture retention's rule (keep what the newest revision of an item needs): references
   * the newest revision no longer lists, untouched since `cutoff`, go; then blobs no reference points at and unused
   * since `cutoff`. The blob files are deleted inside the transaction, while their rows are locked, so a capture of
   * the same hash waits and writes the file again. Null while another replica is purging.
   */
  async purgeBefore(
    cutoff: Date,
    deleteBlob: (sha256: string) => Promise<void>,
  ): Promise<AttachmentPurge | null> {
    return this.db.transaction(async (tx) => {
      const [{ locked }] = await tx.query<{ locked: boolean }[]>(
        `SELECT pg_try_advisory_xact_lock(hashtext('maintenance'), hashtext('attachment_retention')) AS locked`,
      );
      if (!locked) return null;
      const [, references] = await tx.query<[unknown[], number]>(
        `DELETE FROM item_attachments a WHERE a.updated_at < $1
           AND NOT EXISTS (SELECT 1 FROM appeal_item_heads h WHERE h.id = a.item_id AND h.revision = a.last_revision)`,
        [cutoff.toISOString()],
      );
      const [gone] = await tx.query<[{ sha256: string }[], number]>(
        `DELETE FROM attachment_blobs b WHERE b.last_used_at < $1
           AND NOT EXISTS (SELECT 1 FROM item_attachments a WHERE a.sha256 = b.sha256) RETURNING sha256`,
        [cutoff.toISOString()],
      );
      for (const { sha256 } of gone) await deleteBlob(sha256);
      return { references, blobs: gone.map((g) => g.sha256) };
    });
  }
}
