import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { AuditRepository } from '@minsheng/shared/audit';
import { type OperatorAction, operatorMove } from '@minsheng/shared/connectors-store';
import {
  type CheckRequest,
  CONTROL_PATTERNS,
  type InstanceRequest,
  type LiveStatus,
  type RunNowReply,
} from '@minsheng/shared/control';
import { type CheckResult } from '@minsheng/connector-sdk';
import { ControlPlane } from '../control/control-plane';
import { ConnectorCatalog } from './connector-catalog';
import { statusView, type StatusView } from './connector-views';
import { asConflict, AUDIT_ENTITY, InstanceStore, notFound } from './instance-store';

export interface CursorView {
  id: string;
  cursor: Record<string, unknown> | null;
  updatedAt: string | null;
}

/** The stored status, and what the connectors process knows now (null when no connectors process answered). */
export type LiveStatusView = StatusView & { live: LiveStatus | null };

/**
 * Operator control of a running instance, in the manner of Kafka Connect: pause (keeps its place, wakes on resume),
 * stop (the state in which the cursor may be changed), resume, restart, run now and check. The connectors process
 * reads state before every pull, so a change takes effect at the next scheduled tick; an in-flight pull finishes.
 * Run now, the live check and the live status are asked of the connectors process over the control plane: the
 * gateway itself never fetches from a source.
 */
@Injectable()
export class ConnectorControlService {
  constructor(
    private readonly store: InstanceStore,
    private readonly catalog: ConnectorCatalog,
    @Inject(ControlPlane) private readonly control: ControlPlane,
    private readonly auditLog: AuditRepository,
  ) {}

  /** Read from PostgreSQL whatever the connectors' state; `live` waits at most CONTROL_PLANE_TIMEOUT_MS for them. */
  async status(id: string): Promise<LiveStatusView> {
    const row = await this.store.find(id);
    const stored = statusView(row, await this.store.lastRun(id));
    const live = await this.control
      .ask<InstanceRequest, LiveStatus>(CONTROL_PATTERNS.liveStatus, { instanceId: id })
      .catch(() => null);
    return { ...stored, live };
  }

  pause(id: string, actor: string): Promise<StatusView> {
    return this.move(id, actor, 'pause');
  }

  /** From paused, stopped or degraded (after fixing the source or the config): back to running, backoff cleared. */
  resume(id: string, actor: string): Promise<StatusView> {
    return this.move(id, actor, 'resume');
  }

  stop(id: string, actor: string): Promise<StatusView> {
    return this.move(id, actor, 'stop');
  }

  /** Back to running with failures forgotten and a pull requested; `onlyFailed` leaves healthy instances alone. */
  async restart(
    id: string,
    onlyFailed: boolean,
    actor: string,
  ): Promise<StatusView & { restarted: boolean }> {
    const { view, changed } = await this.apply(id, actor, onlyFailed ? 'restart_failed' : 'restart');
    return { ...view, restarted: changed };
  }

  /**
   * Records the request (run_requested_at, with its audit entry), then asks a connectors process to serve it at once,
   * whatever the schedule or backoff. Without an answer it stays recorded: the first connectors poll serves it
   * (CONNECTORS_RUN_NOW_POLL_MS), and the operator is told 503 connectors_unavailable.
   */
  async runNow(id: string, actor: string): Promise<StatusView> {
    const status = await this.move(id, actor, 'run_now');
    await this.control.ask<InstanceRequest, RunNowReply>(CONTROL_PATTERNS.runNow, { instanceId: id });
    return status;
  }

  /** The saved config (secrets opened in memory only) against the live source. */
  /** The saved config against the live source, in the connectors process (which opens the secrets in memory). */
  async check(id: string): Promise<CheckResult> {
    await this.store.find(id);
    return this.control.ask<CheckRequest, CheckResult>(
      CONTROL_PATTERNS.check,
      { instanceId: id },
      { not_found: HttpStatus.NOT_FOUND, unknown_connector_type: HttpStatus.NOT_FOUND },
    );
  }

  async cursor(id: string): Promise<CursorView> {
    await this.store.find(id);
    const row = await this.store.repo.cursor(id);
    return {
      id,
      cursor: row?.cursor ?? null,
      updatedAt: row ? new Date(row.updated_at).toISOString() : null,
    };
  }

  /** Replaces the cursor (or, with null, resets it: the next pull starts from the type's configured beginning). */
  async setCursor(id: string, cursor: Record<string, unknown> | null, actor: string): Promise<CursorView> {
    // Stored as the next pull will read it: parsed with the type's cursor schema, a 400 naming each bad field.
    if (cursor !== null) cursor = this.catalog.parseCursor((await this.store.find(id)).type, cursor);
    const repo = this.store.repo;
    return repo
      .transaction(async (tx) => {
        const instance = (await repo.find(id, tx, true)) ?? notFound(id);
        const before = await repo.replaceCursor(tx, instance, cursor);
        await this.auditLog.record(tx, {
          actor,
          action: cursor === null ? 'connector.cursor_reset' : 'connector.cursor_set',
          entity: AUDIT_ENTITY,
          entityId: id,
          before: { cursor: before },
          after: { cursor },
        });
        return { id, cursor, updatedAt: cursor === null ? null : new Date().toISOString() };
      })
      .catch(asConflict);
  }

  private async move(id: string, actor: string, action: OperatorAction): Promise<StatusView> {
    return (await this.apply(id, actor, action)).view;
  }

  /** The state machine (connector-state.ts) decides; the repository applies the move under the row lock. */
  private async apply(
    id: string,
    actor: string,
    action: OperatorAction,
  ): Promise<{ view: StatusView; changed: boolean }> {
    const { after, changed } = await this.store.mutate(
      id,
      actor,
      `connector.${action === 'restart_failed' ? 'restart' : action}`,
      async (tx, before) => {
        const next = operatorMove(action, before);
        return next && this.store.repo.applyMove(tx, id, next);
      },
    );
    return { view: statusView(after, await this.store.lastRun(id)), changed };
  }
}
