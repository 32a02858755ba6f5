import cron, { type ScheduledTask } from 'node-cron';
import { type DataSource } from 'typeorm';
import { type Logger } from '@minsheng/shared/logging';
import { type InstanceRow, type PullRunner } from './pull-runner';

/** A failed instance is retried after its backoff; paused, stopped and degraded ones wait for an operator. */
const RUNNABLE = new Set(['running', 'failed']);

interface Scheduled {
  version: number;
  task: ScheduledTask;
}

type RunnableRow = InstanceRow & { state: string };

const INSTANCE_COLUMNS = `id, type, config, schedule, enabled, version, consecutive_failures, state`;

/** A "run now" request not yet served: newer than the start of the instance's last run. */
const RUN_REQUESTED = `run_requested_at IS NOT NULL AND (last_run_at IS NULL OR run_requested_at > last_run_at)`;

/**
 * Keeps one cron task per enabled connector instance, re-reading the instances table on an interval so that
 * creating, editing or disabling an instance takes effect without a restart. A faster poll serves "run now" requests
 * (connector_instances.run_requested_at) outside the schedule.
 */
export class ConnectorScheduler {
  private readonly tasks = new Map<string, Scheduled>();
  /** Instances pulling in this process: the in-process overlap guard, shared by cron and "run now". */
  private readonly running = new Set<string>();
  private reloadTimer?: NodeJS.Timeout;
  private runNowTimer?: NodeJS.Timeout;
  private polling = false;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    private readonly runner: PullRunner,
    private readonly opts: { timezone: string; reloadMs: number; runNowPollMs?: number },
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await this.reload();
    this.reloadTimer = setInterval(() => {
      this.reload().catch((e: unknown) =>
        this.logger.warn({ err: e }, 'reloading connector instances failed'),
      );
    }, this.opts.reloadMs);
    this.runNowTimer = setInterval(() => void this.pollRunNow(), this.opts.runNowPollMs ?? 1000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.reloadTimer);
    clearInterval(this.runNowTimer);
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
      const entry: Scheduled = { version: row.version, task: undefined as unknown as ScheduledTask };
      // Overlap guard in-process; the advisory lock in PullRunner covers other replicas.
      entry.task = cron.schedule(
        row.schedule,
        async () => {
          if (!this.claimLocal(row.id)) return;
          try {
            // The state may have changed since scheduling (paused by an operator, degraded, backing off).
            const [current] = await this.db.query<(RunnableRow & { due: boolean })[]>(
              `SELECT ${INSTANCE_COLUMNS}, (retry_at IS NULL OR retry_at <= now()) AS due
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
            this.running.delete(row.id);
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

  /**
   * Starts a pull for every enabled, runnable instance with an unserved "run now" request, whatever its schedule (and
   * its failure backoff: an operator asked). Never alongside a pull of the same instance: the in-process guard here,
   * the advisory lock in PullRunner across replicas.
   */
  async pollRunNow(): Promise<void> {
    if (this.polling || this.stopped) return;
    this.polling = true;
    try {
      const rows = await this.db.query<{ id: string }[]>(
        `SELECT id FROM connector_instances WHERE enabled AND state = ANY($1::text[]) AND ${RUN_REQUESTED}`,
        [[...RUNNABLE]],
      );
      for (const { id } of rows) {
        if (this.stopped || !this.claimLocal(id)) continue;
        void this.runRequested(id).finally(() => this.running.delete(id));
      }
    } catch (e) {
      this.logger.warn({ err: e }, 'polling for run-now requests failed');
    } finally {
      this.polling = false;
    }
  }

  private async runRequested(id: string): Promise<void> {
    try {
      // Claiming clears the request; of several replicas polling at once, exactly one gets the row back.
      const [claimed] = await this.db.query<[(RunnableRow & { requested: Date })[], number]>(
        `UPDATE connector_instances i SET run_requested_at = NULL
         FROM (SELECT id, run_requested_at AS requested FROM connector_instances WHERE id = $1 FOR UPDATE) old
         WHERE i.id = old.id AND i.enabled AND i.state = ANY($2::text[])
           AND i.run_requested_at IS NOT NULL AND (i.last_run_at IS NULL OR i.run_requested_at > i.last_run_at)
         RETURNING i.id, i.type, i.config, i.schedule, i.enabled, i.version, i.consecutive_failures, i.state,
                   old.requested`,
        [id, [...RUNNABLE]],
      );
      const instance = claimed[0];
      if (!instance) return;
      this.logger.info({ connectorId: id, requestedAt: instance.requested }, 'run requested; pulling now');
      const result = await this.runner.run(instance);
      if (result.status === 'skipped') {
        // Another replica is pulling it right now, maybe from before the request: keep the request, so it is served
        // after that pull unless that pull started after it (then last_run_at is newer and it is already served).
        await this.db.query(
          `UPDATE connector_instances SET run_requested_at = $2 WHERE id = $1 AND run_requested_at IS NULL`,
          [id, instance.requested],
        );
      }
    } catch (e) {
      this.logger.error({ connectorId: id, err: e }, 'requested run failed');
    }
  }

  private claimLocal(id: string): boolean {
    if (this.running.has(id)) return false;
    this.running.add(id);
    return true;
  }
}
