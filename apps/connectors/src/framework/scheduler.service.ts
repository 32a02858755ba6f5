import cron, { type ScheduledTask } from 'node-cron';
import { type DataSource } from 'typeorm';
import { type Logger } from '@minsheng/shared/logging';
import { type InstanceRow, type PullRunner } from './pull-runner';

/** A failed instance is retried after its backoff; paused, stopped and degraded ones wait for an operator. */
const RUNNABLE = new Set(['running', 'failed']);

interface Scheduled {
  version: number;
  task: ScheduledTask;
  running: boolean;
}

/**
 * Keeps one cron task per enabled connector instance, re-reading the instances table on an interval so that
 * creating, editing or disabling an instance takes effect without a restart.
 */
export class ConnectorScheduler {
  private readonly tasks = new Map<string, Scheduled>();
  private reloadTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    private readonly runner: PullRunner,
    private readonly opts: { timezone: string; reloadMs: number },
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await this.reload();
    this.reloadTimer = setInterval(() => {
      this.reload().catch((e: unknown) =>
        this.logger.warn({ err: e }, 'reloading connector instances failed'),
      );
    }, this.opts.reloadMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.reloadTimer);
    for (const s of this.tasks.values()) await s.task.destroy();
    this.tasks.clear();
  }

  async reload(): Promise<void> {
    const rows = await this.db.query<InstanceRow[]>(
      `SELECT id, type, config, schedule, enabled, version FROM connector_instances WHERE enabled`,
    );
    const wanted = new Map(rows.map((r) => [r.id, r]));
    for (const [id, s] of this.tasks) {
      if (wanted.get(id)?.version !== s.version) {
        await s.task.destroy();
        this.tasks.delete(id);
      }
    }
    for (const row of rows) {
      if (this.tasks.has(row.id) || this.stopped) continue;
      if (!cron.validate(row.schedule)) {
        this.logger.error(
          { connectorId: row.id, schedule: row.schedule },
          'invalid cron schedule; instance not scheduled',
        );
        continue;
      }
      const entry: Scheduled = {
        version: row.version,
        running: false,
        task: undefined as unknown as ScheduledTask,
      };
      // Overlap guard in-process; the advisory lock in PullRunner covers other replicas.
      entry.task = cron.schedule(
        row.schedule,
        async () => {
          if (entry.running) return;
          entry.running = true;
          try {
            // The state may have changed since scheduling (paused by an operator, degraded, backing off).
            const [current] = await this.db.query<(InstanceRow & { state: string; due: boolean })[]>(
              `SELECT id, type, config, schedule, enabled, version, consecutive_failures, state,
                      (retry_at IS NULL OR retry_at <= now()) AS due
               FROM connector_instances WHERE id = $1`,
              [row.id],
            );
            if (current?.enabled && RUNNABLE.has(current.state) && current.due)
              await this.runner.run(current);
            await this.db.query(`UPDATE connector_instances SET next_run_at = $2 WHERE id = $1`, [
              row.id,
              entry.task.getNextRun(),
            ]);
          } catch (e) {
            this.logger.error({ connectorId: row.id, err: e }, 'scheduled run failed');
          } finally {
            entry.running = false;
          }
        },
        { timezone: this.opts.timezone, name: `connector:${row.id}`, noOverlap: true },
      );
      this.tasks.set(row.id, entry);
      this.logger.info(
        { connectorId: row.id, schedule: row.schedule, next: entry.task.getNextRun() },
        'connector scheduled',
      );
    }
  }
}
