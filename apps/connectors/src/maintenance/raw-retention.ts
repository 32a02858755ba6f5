import cron, { type ScheduledTask } from 'node-cron';
import { type RawCapturesRepository } from '@minsheng/shared/ingest';
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

/** The daily raw-capture retention job: one runner across replicas, by a transaction advisory lock. */
export class RawRetention {
  private task?: ScheduledTask;

  constructor(
    private readonly captures: RawCapturesRepository,
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
    const deleted = await this.captures.purgeBefore(cutoff);
    const result: PurgeResult =
      deleted === null ? { status: 'locked_elsewhere' } : { status: 'purged', deleted };
    this.logger.info({ ...result, cutoff: cutoff.toISOString() }, 'raw capture retention');
    return result;
  }
}
