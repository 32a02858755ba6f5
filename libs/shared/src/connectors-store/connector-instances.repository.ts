import { Inject, Injectable } from '@nestjs/common';
import { type DataSource, type EntityManager } from 'typeorm';
import { DATA_SOURCE } from '../runtime/tokens';
import {
  type ConnectorInstanceRow,
  type ConnectorRunRow,
  type InstanceSettings,
  type PullInstance,
  type ScheduledInstance,
} from './connector-rows';
import {
  ConnectorStateConflict,
  type OperatorMove,
  RUNNABLE_STATES,
  type RunTotals,
  type RunVerdict,
} from './connector-state';

type Db = DataSource | EntityManager;

/**
 * The advisory-lock key of one instance's pulls: a pull holds it (session-level) for its whole run, and changing a
 * cursor takes it (transaction-level) so that no pull still finishing overwrites the new cursor.
 */
const PULL_LOCK_KEY = `hashtext('connector'), hashtext($1)`;

/** A "run now" request not yet served: newer than the start of the instance's last run. */
const RUN_REQUESTED = `run_requested_at IS NOT NULL AND (last_run_at IS NULL OR run_requested_at > last_run_at)`;

const PULL_COLUMNS = `id, type, config, schedule, enabled, version, consecutive_failures, state, egress_allow`;

/**
 * connector_instances, connector_cursors and connector_runs: the only code that writes them. The gateway (operator
 * changes, under a row lock, with their audit entry in the same transaction), the connectors app (schedules, runs, run
 * outcomes), the ingest write path (the cursor in each page's transaction) and the secrets CLI all come through here,
 * so the runnable states, the pull lock and the cursor upsert exist once.
 */
@Injectable()
export class ConnectorInstancesRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  // ---- reads

  list(): Promise<ConnectorInstanceRow[]> {
    return this.db.query<ConnectorInstanceRow[]>(`SELECT * FROM connector_instances ORDER BY id`);
  }

  /** With `lock`, the row is held FOR UPDATE until `tx` ends: operator changes serialize per instance. */
  /**
   * Every instance's state and seconds since its last successful pull, for /metrics; an instance that never
   * succeeded counts from its creation, so "no success for hours" also finds one that never worked.
   */
  async health(): Promise<{ id: string; type: string; state: string; lastSuccessAgeSeconds: number }[]> {
    const rows = await this.db.query<{ id: string; type: string; state: string; age: number }[]>(
      `SELECT id, type, state, extract(epoch FROM now() - coalesce(last_success_at, created_at))::float8 AS age
         FROM connector_instances ORDER BY id`,
    );
    return rows.map((r) => ({ id: r.id, type: r.type, state: r.state, lastSuccessAgeSeconds: r.age }));
  }

  async find(id: string, tx: Db = this.db, lock = false): Promise<ConnectorInstanceRow | undefined> {
    const [row] = await tx.query<ConnectorInstanceRow[]>(
      `SELECT * FROM connector_instances WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  async lastRuns(ids: string[]): Promise<Map<string, ConnectorRunRow>> {
    if (!ids.length) return new Map();
    const rows = await this.db.query<ConnectorRunRow[]>(
      `SELECT DISTINCT ON (connector_id) * FROM connector_runs WHERE connector_id = ANY($1::text[])
       ORDER BY connector_id, started_at DESC, id DESC`,
      [ids],
    );
    return new Map(rows.map((r) => [r.connector_id, r]));
  }

  /** Newest first, keyset on the run id. */
  runs(id: string, page: { before?: number; limit: number }): Promise<ConnectorRunRow[]> {
    return this.db.query<ConnectorRunRow[]>(
      `SELECT * FROM connector_runs WHERE connector_id = $1 AND ($2::bigint IS NULL OR id < $2)
       ORDER BY id DESC LIMIT $3`,
      [id, page.before ?? null, page.limit],
    );
  }

  async cursor(
    id: string,
    tx: Db = this.db,
  ): Promise<{ cursor: Record<string, unknown>; updated_at: Date } | undefined> {
    const [row] = await tx.query<{ cursor: Record<string, unknown>; updated_at: Date }[]>(
      `SELECT cursor, updated_at FROM connector_cursors WHERE connector_id = $1`,
      [id],
    );
    return row;
  }

  // ---- operator changes: inside `tx`, after find(id, tx, true)

  /** undefined when an instance with that id exists. */
  async insert(
    tx: EntityManager,
    spec: InstanceSettings & { id: string; type: string },
  ): Promise<ConnectorInstanceRow | undefined> {
    const [created] = await tx.query<ConnectorInstanceRow[]>(
      `INSERT INTO connector_instances (id, type, name, config, schedule, enabled) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO NOTHING RETURNING *`,
      [spec.id, spec.type, spec.name, JSON.stringify(spec.config), spec.schedule, spec.enabled],
    );
    return created;
  }

  updateSettings(tx: EntityManager, id: string, s: InstanceSettings): Promise<ConnectorInstanceRow> {
    return this.update(tx, id, `name = $2, config = $3, schedule = $4, enabled = $5`, [
      s.name,
      JSON.stringify(s.config),
      s.schedule,
      s.enabled,
    ]);
  }

  /** An admin's egress allowlist for the instance's pulls and live checks (decision 022); read at each pull. */
  setEgressAllow(tx: EntityManager, id: string, allow: string[]): Promise<ConnectorInstanceRow> {
    return this.update(tx, id, `egress_allow = $2::text[]`, [allow]);
  }

  /** Leaving failed or degraded by hand starts afresh: no backoff carried over from the failures. */
  applyMove(tx: EntityManager, id: string, move: OperatorMove): Promise<ConnectorInstanceRow> {
    if ('requestRun' in move) return this.update(tx, id, `run_requested_at = now()`);
    return this.update(
      tx,
      id,
      `state = $2::text, status_reason = $3, retry_at = NULL,
       consecutive_failures = CASE WHEN $2::text = 'running' THEN 0 ELSE consecutive_failures END,
       run_requested_at = CASE WHEN $4::boolean THEN now() WHEN $2::text = 'running' THEN run_requested_at ELSE NULL END`,
      [move.state, move.reason, move.runNow],
    );
  }

  /** Cursor, runs and status go with it (ON DELETE CASCADE); items and dead letters it produced stay. */
  async delete(tx: EntityManager, id: string): Promise<void> {
    await tx.query(`DELETE FROM connector_instances WHERE id = $1`, [id]);
  }

  /**
   * Replaces the cursor of a locked, stopped instance (null resets it: the next pull starts from the type's configured
   * beginning) and returns the one it replaced. Refused while a pull of the instance is still finishing.
   */
  async replaceCursor(
    tx: EntityManager,
    instance: ConnectorInstanceRow,
    cursor: Record<string, unknown> | null,
  ): Promise<unknown> {
    if (instance.state !== 'stopped')
      throw new ConnectorStateConflict(
        `the cursor can only be changed while the instance is stopped (it is ${instance.state})`,
      );
    const [{ locked }] = await tx.query<{ locked: boolean }[]>(
      `SELECT pg_try_advisory_xact_lock(${PULL_LOCK_KEY}) AS locked`,
      [instance.id],
    );
    if (!locked)
      throw new ConnectorStateConflict('a pull of this instance is still finishing; try again in a moment');
    const before = await this.cursor(instance.id, tx);
    if (cursor === null)
      await tx.query(`DELETE FROM connector_cursors WHERE connector_id = $1`, [instance.id]);
    else await this.saveCursor(tx, instance.id, cursor);
    return before?.cursor ?? null;
  }

  /** The cursor upsert, also run inside each ingested page's transaction (IngestRepository.writePage). */
  async saveCursor(tx: EntityManager, id: string, cursor: unknown): Promise<void> {
    await tx.query(
      `INSERT INTO connector_cursors (connector_id, cursor, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (connector_id) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = now()`,
      [id, JSON.stringify(cursor)],
    );
  }

  // ---- the connectors app: schedules and runs

  scheduled(): Promise<ScheduledInstance[]> {
    return this.db.query<ScheduledInstance[]>(
      `SELECT id, type, config, schedule, enabled, version FROM connector_instances WHERE enabled`,
    );
  }

  /** The instance as it is now, if a scheduled tick should pull it: enabled, runnable and past any backoff. */
  async dueForPull(id: string): Promise<PullInstance | undefined> {
    const [row] = await this.db.query<(PullInstance & { due: boolean })[]>(
      `SELECT ${PULL_COLUMNS}, (retry_at IS NULL OR retry_at <= now()) AS due FROM connector_instances WHERE id = $1`,
      [id],
    );
    return row?.enabled && RUNNABLE_STATES.includes(row.state) && row.due ? row : undefined;
  }

  async setNextRun(id: string, at: Date | null): Promise<void> {
    await this.db.query(`UPDATE connector_instances SET next_run_at = $2 WHERE id = $1`, [id, at]);
  }

  /** Enabled, runnable instances with an unserved "run now" request. */
  async runRequests(): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT id FROM connector_instances WHERE enabled AND state = ANY($1::text[]) AND ${RUN_REQUESTED}`,
      [RUNNABLE_STATES],
    );
    return rows.map((r) => r.id);
  }

  /** Claiming clears the request; of several replicas polling at once, exactly one gets the row back. */
  async claimRunRequest(id: string): Promise<(PullInstance & { requested: Date }) | undefined> {
    const [claimed] = await this.db.query<[(PullInstance & { requested: Date })[], number]>(
      `UPDATE connector_instances i SET run_requested_at = NULL
       FROM (SELECT id, run_requested_at AS requested FROM connector_instances WHERE id = $1 FOR UPDATE) old
       WHERE i.id = old.id AND i.enabled AND i.state = ANY($2::text[])
         AND i.run_requested_at IS NOT NULL AND (i.last_run_at IS NULL OR i.run_requested_at > i.last_run_at)
       RETURNING i.id, i.type, i.config, i.schedule, i.enabled, i.version, i.consecutive_failures, i.state,
                 i.egress_allow, old.requested`,
      [id, RUNNABLE_STATES],
    );
    return claimed[0];
  }

  /**
   * Gives a claimed request back (another replica was pulling, maybe from before the request): it is served after that
   * pull, unless that pull started after it (then last_run_at is newer and it is already served).
   */
  async restoreRunRequest(id: string, requested: Date): Promise<void> {
    await this.db.query(
      `UPDATE connector_instances SET run_requested_at = $2 WHERE id = $1 AND run_requested_at IS NULL`,
      [id, requested],
    );
  }

  /**
   * Runs `pull` holding the instance's pull lock on a dedicated connection for its whole length (a pull spans many
   * page transactions, so a transaction lock won't do): exactly one pull of an instance across replicas.
   */
  async withPullLock<T>(
    id: string,
    pull: () => Promise<T>,
  ): Promise<{ locked: false } | { locked: true; value: T }> {
    const conn = this.db.createQueryRunner();
    await conn.connect();
    try {
      const [{ locked }] = (await conn.query(`SELECT pg_try_advisory_lock(${PULL_LOCK_KEY}) AS locked`, [
        id,
      ])) as { locked: boolean }[];
      if (!locked) return { locked: false };
      try {
        return { locked: true, value: await pull() };
      } finally {
        await conn.query(`SELECT pg_advisory_unlock(${PULL_LOCK_KEY})`, [id]);
      }
    } finally {
      await conn.release();
    }
  }

  /** A run row in status running; the instance's last_run_at is its start. */
  async startRun(id: string): Promise<string> {
    return this.db.transaction(async (tx) => {
      const [{ id: runId }] = await tx.query<{ id: string }[]>(
        `INSERT INTO connector_runs (connector_id, status) VALUES ($1, 'running') RETURNING id`,
        [id],
      );
      await tx.query(`UPDATE connector_instances SET last_run_at = now() WHERE id = $1`, [id]);
      return runId;
    });
  }

  async recordProgress(runId: string, t: RunTotals): Promise<void> {
    await this.db.query(
      `UPDATE connector_runs SET fetched = $2, emitted = $3, unchanged = $4, quarantined = $5 WHERE id = $1`,
      [runId, t.fetched, t.emitted, t.unchanged, t.quarantined],
    );
  }

  /** Closes the run and moves the instance by the verdict (see connector-state.ts), counters and freshness with it. */
  async finishRun(
    id: string,
    runId: string,
    t: RunTotals,
    v: RunVerdict,
    newest: string | undefined,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE connector_runs SET status = $2, finished_at = now(), error = $3 WHERE id = $1`, [
        runId,
        v.kind === 'succeeded' ? 'succeeded' : 'failed',
        v.kind === 'succeeded' ? null : v.message,
      ]);
      await tx.query(
        `UPDATE connector_instances SET fetched_total = fetched_total + $2, emitted_total = emitted_total + $3,
           quarantined_total = quarantined_total + $4, freshness = GREATEST(freshness, $5::timestamptz) WHERE id = $1`,
        [id, t.fetched, t.emitted, t.quarantined, newest ?? null],
      );
      if (v.kind === 'succeeded') {
        await tx.query(
          `UPDATE connector_instances SET state = CASE WHEN state = 'failed' THEN 'running' ELSE state END, status_reason = NULL,
             last_success_at = now(), consecutive_failures = 0, retry_at = NULL WHERE id = $1`,
          [id],
        );
      } else if (v.kind === 'degraded') {
        await tx.query(
          `UPDATE connector_instances SET state = 'degraded', status_reason = $2, last_error = $3, last_error_kind = 'layout_changed' WHERE id = $1`,
          [id, v.reason, v.message],
        );
      } else {
        await tx.query(
          `UPDATE connector_instances SET state = 'failed', status_reason = $2, last_error = $3, last_error_kind = $2,
             consecutive_failures = consecutive_failures + 1, retry_at = now() + make_interval(secs => $4) WHERE id = $1`,
          [id, v.errorKind, v.message, v.retryInMs / 1000],
        );
      }
    });
  }

  // ---- the secrets CLI

  /** Every instance's config, locked until `tx` ends. */
  configsForUpdate(tx: EntityManager): Promise<Pick<ConnectorInstanceRow, 'id' | 'type' | 'config'>[]> {
    return tx.query(`SELECT id, type, config FROM connector_instances ORDER BY id FOR UPDATE`);
  }

  async replaceConfig(tx: EntityManager, id: string, config: Record<string, unknown>): Promise<void> {
    await this.update(tx, id, `config = $2`, [JSON.stringify(config)]);
  }

  /**
   * UPDATE … RETURNING * with version and updated_at bumped; the version is what makes the connectors' scheduler
   * reschedule the instance without a restart. `set` is the SQL SET list over $2…
   */
  private async update(
    tx: EntityManager,
    id: string,
    set: string,
    params: unknown[] = [],
  ): Promise<ConnectorInstanceRow> {
    const [rows] = await tx.query<[ConnectorInstanceRow[], number]>(
      `UPDATE connector_instances SET ${set}, version = version + 1, updated_at = now() WHERE id = $1 RETURNING *`,
      [id, ...params],
    );
    return rows[0];
  }
}
