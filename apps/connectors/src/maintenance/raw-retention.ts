import cron, { type ScheduledTask } from 'node-cron';
import { type DeadLettersRepository, type RawCapturesRepository } from '@minsheng/shared/ingest';
import { type Logger } from '@minsheng/shared/logging';

export interface RawRetentionOptions {
  /** Raw captures older than this many days may go unless a parser still needs them; 0 keeps them. */
  retentionDays: number;
  /** Raw captures older than this many days go, needed or not (they hold clear PII); 0 or unset: no maximum. */
  maxAgeDays?: number;
  /** Dead letters older than this many days go, replayed or not; 0 or unset keeps them. */
  deadLetterDays?: number;
  /** node-cron expression; daily at 03:30 by default, when the channels are quiet. */
  schedule?: string;
  timezone?: string;
}

export type PurgeResult =
  | { status: 'disabled' }
  | { status: 'locked_elsewhere' }
  | { status: 'purged'; deleted: number; expired: number; deadLetters: number };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The daily retention job of what ingest keeps beside the items — raw captures (retention and maximum age) and dead
 * letters: one runner across replicas, by transaction advisory locks.
 */
export class RawRetention {
  private task?: ScheduledTask;

  constructor(
    private readonly captures: RawCapturesRepository,
    private readonly opts: RawRetentionOptions,
    private readonly logger: Logger,
    private readonly deadLetters?: DeadLettersRepository,
  ) {}

  private get enabled(): boolean {
    const { retentionDays, maxAgeDays = 0, deadLetterDays = 0 } = this.opts;
    return retentionDays > 0 || maxAgeDays > 0 || (deadLetterDays > 0 && !!this.deadLetters);
  }

  start(): void {
    if (!this.enabled) {
      this.logger.info(
        'retention disabled (RAW_RETENTION_DAYS, RAW_MAX_AGE_DAYS and DEAD_LETTER_RETENTION_DAYS are 0): raw captures and dead letters are kept forever',
      );
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
    if (!this.enabled) return { status: 'disabled' };
    const { retentionDays, maxAgeDays = 0, deadLetterDays = 0 } = this.opts;
    const before = (days: number) => (days > 0 ? new Date(now.getTime() - days * DAY_MS) : null);
    const raw =
      retentionDays > 0 || maxAgeDays > 0
        ? await this.captures.purgeBefore(before(retentionDays), before(maxAgeDays))
        : { deleted: 0, expired: 0 };
    const letterCutoff = before(deadLetterDays);
    const deadLetters =
      letterCutoff && this.deadLetters ? await this.deadLetters.purgeBefore(letterCutoff) : 0;
    const result: PurgeResult =
      raw === null || deadLetters === null
        ? { status: 'locked_elsewhere' }
        : { status: 'purged', ...raw, deadLetters };
    this.logger.info({ ...result, retentionDays, maxAgeDays, deadLetterDays }, 'raw capture retention');
    return result;
  }
}
