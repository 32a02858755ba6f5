import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { audit } from '@minsheng/shared/audit';
import { SecretBox } from '@minsheng/shared/secrets';
import { type CheckResult } from '@minsheng/connector-sdk';
import { ApiError } from '../common/api-error';
import { ConnectorCatalog } from './connector-catalog';
import { type InstanceRow, statusView, type StatusView } from './connector-views';
import { AUDIT_ENTITY, InstanceStore } from './instance-store';
import { LiveCheck } from './live-check';

type State = InstanceRow['state'];

export interface CursorView {
  id: string;
  cursor: Record<string, unknown> | null;
  updatedAt: string | null;
}

/** The states the connectors' scheduler pulls in (scheduler.service.ts RUNNABLE). */
const RUNNABLE: State[] = ['running', 'failed'];

function conflict(message: string): never {
  throw new ApiError('conflict', message, HttpStatus.CONFLICT);
}

/**
 * Operator control of a running instance, in the manner of Kafka Connect: pause (keeps its place, wakes on resume),
 * stop (the state in which the cursor may be changed), resume, restart, run now and check. The connectors process
 * reads state before every pull, so a change takes effect at the next scheduled tick; an in-flight pull finishes.
 */
@Injectable()
export class ConnectorControlService {
  constructor(
    private readonly store: InstanceStore,
    private readonly catalog: ConnectorCatalog,
    private readonly live: LiveCheck,
    @Inject(SecretBox) private readonly box: SecretBox,
  ) {}

  async status(id: string): Promise<StatusView> {
    const row = await this.store.find(id);
    return statusView(row, (await this.store.lastRuns([id])).get(id));
  }

  pause(id: string, actor: string): Promise<StatusView> {
    return this.transition(id, actor, 'connector.pause', (before) => {
      if (before.state === 'paused') return undefined;
      if (before.state === 'stopped') conflict('a stopped instance is resumed, not paused');
      return { state: 'paused', reason: 'paused by operator' };
    });
  }

  /** From paused, stopped or degraded (after fixing the source or the config): back to running, backoff cleared. */
  resume(id: string, actor: string): Promise<StatusView> {
    return this.transition(id, actor, 'connector.resume', (before) =>
      before.state === 'running' ? undefined : { state: 'running', reason: null },
    );
  }

  stop(id: string, actor: string): Promise<StatusView> {
    return this.transition(id, actor, 'connector.stop', (before) =>
      before.state === 'stopped' ? undefined : { state: 'stopped', reason: 'stopped by operator' },
    );
  }

  /** Back to running with failures forgotten and a pull requested; `onlyFailed` leaves healthy instances alone. */
  async restart(
    id: string,
    onlyFailed: boolean,
    actor: string,
  ): Promise<StatusView & { restarted: boolean }> {
    let restarted = false;
    const status = await this.transition(id, actor, 'connector.restart', (before) => {
      if (onlyFailed && before.state !== 'failed' && before.state !== 'degraded') return undefined;
      restarted = true;
      return { state: 'running', reason: null, runNow: true };
    });
    return { ...status, restarted };
  }

  /** Sets run_requested_at; the scheduler pulls within CONNECTORS_RUN_NOW_POLL_MS, whatever the schedule or backoff. */
  runNow(id: string, actor: string): Promise<StatusView> {
    return this.withRow(id, actor, 'connector.run_now', async (tx, before) => {
      if (!before.enabled) conflict('the instance is disabled');
      if (!RUNNABLE.includes(before.state))
        conflict(`the instance is ${before.state}; resume it before asking for a run`);
      return InstanceStore.update(tx, id, `run_requested_at = now()`);
    });
  }

  /** The saved config (secrets opened in memory only) against the live source. */
  async check(id: string): Promise<CheckResult> {
    const row = await this.store.find(id);
    const { value, secrets } = this.box.openDeep(row.config);
    return this.live.run(this.catalog.entry(row.type), value, secrets);
  }

  async cursor(id: string): Promise<CursorView> {
    await this.store.find(id);
    const [row] = await this.store.db.query<{ cursor: Record<string, unknown>; updated_at: Date }[]>(
      `SELECT cursor, updated_at FROM connector_cursors WHERE connector_id = $1`,
      [id],
    );
    return {
      id,
      cursor: row?.cursor ?? null,
      updatedAt: row ? new Date(row.updated_at).toISOString() : null,
    };
  }

  /** Replaces the cursor (or, with null, resets it: the next pull starts from the type's configured beginning). */
  async setCursor(id: string, cursor: Record<string, unknown> | null, actor: string): Promise<CursorView> {
    return this.store.db.transaction(async (tx) => {
      const instance = await this.store.find(id, tx, true);
      if (instance.state !== 'stopped')
        conflict(`the cursor can only be changed while the instance is stopped (it is ${instance.state})`);
      // The pull holds this advisory lock for its whole run: a pull still finishing would overwrite the new cursor.
      const [{ locked }] = await tx.query<{ locked: boolean }[]>(
        `SELECT pg_try_advisory_xact_lock(hashtext('connector'), hashtext($1)) AS locked`,
        [id],
      );
      if (!locked) conflict('a pull of this instance is still finishing; try again in a moment');
      const [before] = await tx.query<{ cursor: unknown }[]>(
        `SELECT cursor FROM connector_cursors WHERE connector_id = $1`,
        [id],
      );
      if (cursor === null) await tx.query(`DELETE FROM connector_cursors WHERE connector_id = $1`, [id]);
      else
        await tx.query(
          `INSERT INTO connector_cursors (connector_id, cursor, updated_at) VALUES ($1, $2, now())
           ON CONFLICT (connector_id) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = now()`,
          [id, JSON.stringify(cursor)],
        );
      await audit(tx, {
        actor,
        action: cursor === null ? 'connector.cursor_reset' : 'connector.cursor_set',
        entity: AUDIT_ENTITY,
        entityId: id,
        before: { cursor: before?.cursor ?? null },
        after: { cursor },
      });
      return { id, cursor, updatedAt: cursor === null ? null : new Date().toISOString() };
    });
  }

  private transition(
    id: string,
    actor: string,
    action: string,
    to: (before: InstanceRow) => { state: State; reason: string | null; runNow?: boolean } | undefined,
  ): Promise<StatusView> {
    return this.withRow(id, actor, action, async (tx, before) => {
      const next = to(before);
      if (!next) return undefined;
      // Leaving failed/degraded by hand starts afresh: no backoff carried over from the failures.
      return InstanceStore.update(
        tx,
        id,
        `state = $2::text, status_reason = $3, retry_at = NULL,
         consecutive_failures = CASE WHEN $2::text = 'running' THEN 0 ELSE consecutive_failures END,
         run_requested_at = CASE WHEN $4::boolean THEN now() WHEN $2::text = 'running' THEN run_requested_at ELSE NULL END`,
        [next.state, next.reason, next.runNow === true],
      );
    });
  }

  private async withRow(
    id: string,
    actor: string,
    action: string,
    change: (tx: EntityManager, before: InstanceRow) => Promise<InstanceRow | undefined>,
  ): Promise<StatusView> {
    const { after } = await this.store.mutate(id, actor, action, change);
    return statusView(after, (await this.store.lastRuns([id])).get(id));
  }
}
