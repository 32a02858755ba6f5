import cron, { type ScheduledTask } from 'node-cron';
import { type DataSource } from 'typeorm';
import { type Logger } from '@minsheng/shared/logging';

export interface RawRetentionOptions {
  /** Raw captures older than this many days may go; 0 keeps them forever. */
  retentionDays: number;
  /** node-cron expression; daily at 03:30 by default, when the channels are quiet. */
  schedule?: string;
  timezone?: string;
}

export type PurgeResult =
  { status: 'disabled' } | { status: 'locked_elsewhere' } | { status: 'purged'; deleted: number };

const DAY_MS = 24 * 60 * 60 * 1000;

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

/** The daily raw-capture retention job: one runner across replicas, by a transaction advisory lock. */
export class RawRetention {
  private task?: ScheduledTask;

  constructor(
    private readonly db: DataSource,
    private readonly opts: RawRetentionOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.opts.retentionDays <= 0) {
      this.logger.info('raw capture retention disabled (RAW_RETENTION_DAYS=0): captures are kept forever');
      return;
    }
    this.task = cron.schedule(
      this.opts.schedule ?? '30 3 * * *',
      async () => {
        try {
          await this.purgeOnce(new Date());
        } catch (e) {
          this.logger.error({ err: e }, 'raw capture retention failed');
        }
      },
      { timezone: this.opts.timezone ?? 'Asia/Shanghai', name: 'maintenance:raw-retention', noOverlap: true },
    );
  }

  async stop(): Promise<void> {
    await this.task?.destroy();
    this.task = undefined;
  }

  /** One purge as of `now`. Skips (locked_elsewhere) while another replica is purging. */
  async purgeOnce(now: Date): Promise<PurgeResult> {
    if (this.opts.retentionDays <= 0) return { status: 'disabled' };
    const cutoff = new Date(now.getTime() - this.opts.retentionDays * DAY_MS);
    const result = await this.db.transaction(async (tx): Promise<PurgeResult> => {
      const [{ locked }] = await tx.query<{ locked: boolean }[]>(
        `SELECT pg_try_advisory_xact_lock(hashtext('maintenance'), hashtext('raw_retention')) AS locked`,
      );
      if (!locked) return { status: 'locked_elsewhere' };
      const [, deleted] = await tx.query<[unknown[], number]>(PURGE_SQL, [cutoff.toISOString()]);
      return { status: 'purged', deleted };
    });
    this.logger.info({ ...result, cutoff: cutoff.toISOString() }, 'raw capture retention');
    return result;
  }
}
