import { type ConnectorState } from './connector-state';

/** connector_instances as SELECT * returns it: the one shape of the row outside its TypeORM entity. */
export interface ConnectorInstanceRow {
  id: string;
  type: string;
  name: string;
  config: Record<string, unknown>;
  schedule: string;
  enabled: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
  state: ConnectorState;
  status_reason: string | null;
  last_run_at: Date | null;
  last_success_at: Date | null;
  last_error: string | null;
  last_error_kind: string | null;
  consecutive_failures: number;
  retry_at: Date | null;
  next_run_at: Date | null;
  run_requested_at: Date | null;
  fetched_total: string;
  emitted_total: string;
  quarantined_total: string;
  freshness: Date | null;
  /** Hosts or CIDRs an admin allowlisted for this instance's requests (decision 022). */
  egress_allow?: string[];
}

/** What a pull needs of an instance. */
export type PullInstance = Pick<
  ConnectorInstanceRow,
  | 'id'
  | 'type'
  | 'config'
  | 'schedule'
  | 'enabled'
  | 'version'
  | 'consecutive_failures'
  | 'state'
  | 'egress_allow'
>;

/** What the scheduler keeps a cron task for. */
export type ScheduledInstance = Pick<
  ConnectorInstanceRow,
  'id' | 'type' | 'config' | 'schedule' | 'enabled' | 'version'
>;

/** connector_runs as SELECT * returns it. */
export interface ConnectorRunRow {
  id: string;
  connector_id: string;
  started_at: Date;
  finished_at: Date | null;
  status: 'running' | 'succeeded' | 'failed';
  fetched: number;
  emitted: number;
  unchanged: number;
  quarantined: number;
  error: string | null;
}

/** What an operator sets on an instance. */
export interface InstanceSettings {
  name: string;
  config: Record<string, unknown>;
  schedule: string;
  enabled: boolean;
}
