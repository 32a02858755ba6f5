import { type DataSource } from 'typeorm';
import { type PullRunner, type RunResult } from '../../apps/connectors/src/framework/pull-runner';
import { type HttpFetcherOptions } from '../../libs/connector-sdk/src/http/http-fetcher';
import { createDataSource } from '../../libs/shared/src/db';
import { type ConnectorInstanceRow } from '../../libs/shared/src/connectors-store';
import { inProcessPull } from './in-process-pull';
import { createTestDatabase, type TestDatabase } from './test-database';

/** The status columns of one connector instance, as operators read them. */
export type InstanceStatus = Pick<
  ConnectorInstanceRow,
  | 'id'
  | 'state'
  | 'status_reason'
  | 'last_run_at'
  | 'last_success_at'
  | 'last_error'
  | 'last_error_kind'
  | 'consecutive_failures'
  | 'retry_at'
  | 'fetched_total'
  | 'emitted_total'
  | 'quarantined_total'
  | 'freshness'
>;

export interface TableCounts {
  items: number;
  heads: number;
  /** Outbox rows for appeal.items.v1. */
  itemMessages: number;
  /** Outbox rows for appeal.dlq.v1. */
  dlqMessages: number;
  deadLetters: number;
  runs: number;
}

export type HttpDefaults = HttpFetcherOptions;

/** Short timeouts and backoff, so faults play out in seconds. */
export const TEST_HTTP: HttpDefaults = { timeoutMs: 1500, retries: 2, baseBackoffMs: 50 };

export interface PullHarness {
  db: TestDatabase;
  dataSource: DataSource;
  runner: PullRunner;
  /** Inserts a hotline_12345 instance; `config` is merged over {baseUrl, token, pageSize: 20, timeoutMs}. */
  addHotlineInstance(
    sim: { url: string; token: string },
    opts?: { id?: string; config?: Record<string, unknown> },
  ): Promise<string>;
  /** One pull of the instance as it is stored now (consecutive_failures included), ignoring state and retry_at. */
  pull(id: string): Promise<RunResult>;
  status(id: string): Promise<InstanceStatus>;
  counts(): Promise<TableCounts>;
  close(): Promise<void>;
}

/**
 * One pull of one instance, in-process, against a fresh clone of the test database: the connectors app's runner,
 * registry, ingest repository and HTTP fetcher without Nest, the scheduler or the outbox relay (so nothing is sent
 * to Kafka and every outbox row stays for the test to count).
 */
export const PULL_HARNESS_SECRETS_KEY = 'pull-harness-secrets-key';

export async function startPullHarness(
  label: string,
  opts: { http?: HttpDefaults; piiHashKey?: string } = {},
): Promise<PullHarness> {
  const http = opts.http ?? TEST_HTTP;
  const db = await createTestDatabase(label);
  const dataSource = createDataSource(db.url, { poolSize: 4, applicationName: `pull-harness-${label}` });
  await dataSource.initialize();
  const pull = await inProcessPull(dataSource, {
    http,
    piiHashKey: opts.piiHashKey ?? 'pull-harness-pii-key',
    secretsKey: PULL_HARNESS_SECRETS_KEY,
  });
  const count = async (sql: string): Promise<number> => Number((await db.query<{ n: string }>(sql))[0].n);

  return {
    db,
    dataSource,
    runner: pull.runner,
    async addHotlineInstance(sim, { id = 'hotline-faults', config = {} } = {}) {
      await pull.addInstance({
        id,
        type: 'hotline_12345',
        name: '阜阳市12345热线工单',
        // The hotline config's own timeoutMs (default 15 s) overrides the fetcher's default on every request.
        config: { baseUrl: sim.url, token: sim.token, pageSize: 20, timeoutMs: http.timeoutMs, ...config },
      });
      return id;
    },
    pull: (id) => pull.pull(id),
    async status(id) {
      const row = await pull.instances.find(id);
      if (!row) throw new Error(`no connector instance ${id}`);
      return row;
    },
    async counts() {
      return {
        items: await count(`SELECT count(*) AS n FROM appeal_items`),
        heads: await count(`SELECT count(*) AS n FROM appeal_item_heads`),
        itemMessages: await count(`SELECT count(*) AS n FROM outbox WHERE topic = 'appeal.items.v1'`),
        dlqMessages: await count(`SELECT count(*) AS n FROM outbox WHERE topic = 'appeal.dlq.v1'`),
        deadLetters: await count(`SELECT count(*) AS n FROM dead_letters`),
        runs: await count(`SELECT count(*) AS n FROM connector_runs`),
      };
    },
    async close() {
      await dataSource.destroy();
      await db.drop();
    },
  };
}
