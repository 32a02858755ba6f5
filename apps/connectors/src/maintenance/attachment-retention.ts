import cron, { type ScheduledTask } from 'node-cron';
import { type AttachmentsRepository } from '@minsheng/shared/attachments';
import { type BlobStore } from '@minsheng/shared/blobs';
import { type Logger } from '@minsheng/shared/logging';

export type AttachmentPurgeResult =
  | { status: 'disabled' }
  | { status: 'locked_elsewhere' }
  | { status: 'purged'; references: number; blobs: number };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Blob retention on the raw-capture rules and days (RAW_RETENTION_DAYS, decision 021): attachments the newest
 * revision of their item no longer lists go after the retention period, and with them blobs no retained item refers
 * to. Runs after the raw-capture job, one runner across replicas.
 */
export class AttachmentRetention {
  private task?: ScheduledTask;

  constructor(
    private readonly repo: AttachmentsRepository,
    private readonly store: BlobStore,
    private readonly opts: { retentionDays: number; schedule?: string; timezone?: string },
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.opts.retentionDays <= 0) return;
    this.task = cron.schedule(
      this.opts.schedule ?? '45 3 * * *',
      async () => {
        try {
          await this.purgeOnce(new Date());
        } catch (e) {
          this.logger.error({ err: e }, 'attachment retention failed');
        }
      },
      {
        timezone: this.opts.timezone ?? 'Asia/Shanghai',
        name: 'maintenance:attachment-retention',
        noOverlap: true,
      },
    );
  }

  async stop(): Promise<void> {
    await this.task?.destroy();
    this.task = undefined;
  }

  async purgeOnce(now: Date): Promise<AttachmentPurgeResult> {
    if (this.opts.retentionDays <= 0) return { status: 'disabled' };
    const cutoff = new Date(now.getTime() - this.opts.retentionDays * DAY_MS);
    const out = await this.repo.purgeBefore(cutoff, (sha) => this.store.delete(sha));
    const result: AttachmentPurgeResult = out
      ? { status: 'purged', references: out.references, blobs: out.blobs.length }
      : { status: 'locked_elsewhere' };
    this.logger.info({ ...result, cutoff: cutoff.toISOString() }, 'attachment retention');
    return result;
  }
}
