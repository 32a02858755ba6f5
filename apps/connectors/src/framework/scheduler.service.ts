import cron, { type ScheduledTask } from 'node-cron';
import { type ConnectorInstancesRepository, type PullInstance } from '@minsheng/shared/connectors-store';
import { type RunNowOutcome } from '@minsheng/shared/control';
import { type Logger } from '@minsheng/shared/logging';
import { type PullRunner } from './pull-runner';

type RequestedInstance = PullInstance & { requested: Date };

interface Scheduled {
  version: number;
  task: ScheduledTask;
}

/**
 * Keeps one cron task per enabled connector instance, re-reading the instances table on an interval so that
 * creating, editing or disabling an instance takes effect without a restart. A faster poll serves "run now" requests
 * (connector_instances.run_requested_at) outside the schedule.
 */
export class ConnectorScheduler {
  private readonly tasks = new Map<string, Scheduled>();
  /** Instances pulling in this process, since when: the in-process overlap guard, shared by cron and "run now". */
  private readonly running = new Map<string, Date>();
  private reloadTimer?: NodeJS.Timeout;
  private runNowTimer?: NodeJS.Timeout;
  private polling = false;
  private stopped = false;

  constructor(
    private readonly instances: ConnectorInstancesRepository,
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
    const rows = await this.instances.scheduled();
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
            const due = await this.instances.dueForPull(row.id);
            if (due) await this.runner.run(due);
            await this.instances.setNextRun(row.id, entry.task.getNextRun());
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
      for (const id of await this.instances.runRequests()) {
        if (this.stopped || !this.claimLocal(id)) continue;
        void this.instances
          .claimRunRequest(id)
          .then((instance) => instance && this.pullRequested(instance, 'poll'))
          .catch((e: unknown) =>
            this.logger.error({ connectorId: id, err: e }, 'claiming a requested run failed'),
          )
          .finally(() => this.running.delete(id));
      }
    } catch (e) {
      this.logger.warn({ err: e }, 'polling for run-now requests failed');
    } finally {
      this.polling = false;
    }
  }

  /**
   * Serves an instance's recorded "run now" request at once (the gateway asked over the control plane) instead of at
   * the next poll. Resolves when the pull has started, not when it ends.
   */
  async serveRunNow(id: string): Promise<RunNowOutcome> {
    if (this.stopped || !this.claimLocal(id)) return 'busy';
    let instance: RequestedInstance | undefined;
    try {
      instance = await this.instances.claimRunRequest(id);
    } finally {
      if (!instance) this.running.delete(id);
    }
    if (!instance) return 'already_served';
    void this.pullRequested(instance, 'control plane').finally(() => this.running.delete(id));
    return 'started';
  }

  /** What this process knows of an instance now: its cron task and a pull in flight. */
  liveOf(id: string): { scheduled: boolean; nextFireAt: Date | null; pullStartedAt: Date | null } {
    const task = this.tasks.get(id)?.task;
    return {
      scheduled: !!task,
      nextFireAt: task?.getNextRun() ?? null,
      pullStartedAt: this.running.get(id) ?? null,
    };
  }

  private async pullRequested(instance: RequestedInstance, via: 'poll' | 'control plane'): Promise<void> {
    const id = instance.id;
    try {
      this.logger.info(
        { connectorId: id, requestedAt: instance.requested, via },
        'run requested; pulling now',
      );
      const result = await this.runner.run(instance);
      if (result.status === 'skipped') {
        // Another replica is pulling it right now, maybe from before the request: give the request back.
        await this.instances.restoreRunRequest(id, instance.requested);
      }
    } catch (e) {
      this.logger.error({ connectorId: id, err: e }, 'requested run failed');
    }
  }

  private claimLocal(id: string): boolean {
    if (this.running.has(id)) return false;
    this.running.set(id, new Date());
    return true;
  }
}
