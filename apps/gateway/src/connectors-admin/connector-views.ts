import { maskSecrets, type SecretPath } from '@minsheng/connector-sdk';
import { type ConnectorInstanceRow, type ConnectorRunRow } from '@minsheng/shared/connectors-store';

/** connector_instances as the repository returns it. */
export type InstanceRow = ConnectorInstanceRow;

export interface RunView {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  fetched: number;
  emitted: number;
  unchanged: number;
  quarantined: number;
  error: string | null;
}

export type RunRow = ConnectorRunRow;

export interface StatusView {
  id: string;
  state: InstanceRow['state'];
  /** Why it is in that state: layout_changed, an error kind, or what the operator did. */
  reason: string | null;
  enabled: boolean;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorKind: string | null;
  consecutiveFailures: number;
  retryAt: string | null;
  nextRunAt: string | null;
  runRequestedAt: string | null;
  counts: { fetched: number; emitted: number; quarantined: number };
  /** Newest upstream submission time seen. */
  freshness: string | null;
  lastRun: RunView | null;
}

/**
 * What an operator sets on an instance, and the egress allowlist an admin sets (decision 022): the API's view and
 * the audit log's record both show these.
 */
type InstanceSettings = Pick<InstanceRow, 'type' | 'name' | 'config' | 'schedule' | 'enabled' | 'version'> & {
  egressAllow: string[];
};

export interface InstanceView extends InstanceSettings {
  id: string;
  createdAt: string;
  updatedAt: string;
  status: StatusView;
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export function runView(r: RunRow): RunView {
  return {
    id: String(r.id),
    startedAt: new Date(r.started_at).toISOString(),
    finishedAt: iso(r.finished_at),
    status: r.status,
    fetched: r.fetched,
    emitted: r.emitted,
    unchanged: r.unchanged,
    quarantined: r.quarantined,
    error: r.error,
  };
}

export function statusView(r: InstanceRow, lastRun: RunRow | undefined): StatusView {
  return {
    id: r.id,
    state: r.state,
    reason: r.status_reason,
    enabled: r.enabled,
    lastRunAt: iso(r.last_run_at),
    lastSuccessAt: iso(r.last_success_at),
    lastError: r.last_error,
    lastErrorKind: r.last_error_kind,
    consecutiveFailures: r.consecutive_failures,
    retryAt: iso(r.retry_at),
    nextRunAt: iso(r.next_run_at),
    runRequestedAt: iso(r.run_requested_at),
    counts: {
      fetched: Number(r.fetched_total),
      emitted: Number(r.emitted_total),
      quarantined: Number(r.quarantined_total),
    },
    freshness: iso(r.freshness),
    lastRun: lastRun ? runView(lastRun) : null,
  };
}

/** Secrets show as {"set": true}. */
function settingsOf(r: InstanceRow, secrets: SecretPath[]): InstanceSettings {
  return {
    type: r.type,
    name: r.name,
    config: maskSecrets(r.config, secrets),
    schedule: r.schedule,
    enabled: r.enabled,
    version: r.version,
    egressAllow: r.egress_allow ?? [],
  };
}

export function instanceView(r: InstanceRow, secrets: SecretPath[], lastRun?: RunRow): InstanceView {
  return {
    id: r.id,
    ...settingsOf(r, secrets),
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    status: statusView(r, lastRun),
  };
}

/** What the audit log keeps of an instance: the view without the run counters, secrets masked. */
export function auditView(r: InstanceRow, secrets: SecretPath[]): Record<string, unknown> {
  return { ...settingsOf(r, secrets), state: r.state };
}
