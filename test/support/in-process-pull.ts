import pino from 'pino';
import { type DataSource } from 'typeorm';
import { ConnectorRegistry } from '../../libs/connector-types/src/connector-registry';
import { PullRunner, type RunResult } from '../../apps/connectors/src/framework/pull-runner';
import { HttpFetcher, type HttpFetcherOptions } from '../../libs/connector-sdk/src/http/http-fetcher';
import { IngestRepository } from '../../libs/shared/src/ingest';
import {
  type ConnectorInstanceRow,
  ConnectorInstancesRepository,
} from '../../libs/shared/src/connectors-store';
import { SecretBox } from '../../libs/shared/src/secrets';

/**
 * The connectors app's pull path without Nest, the scheduler or the outbox relay: its runner, registry, ingest
 * repository and HTTP fetcher over `ds`, and the instances repository they share.
 */
export interface InProcessPull {
  instances: ConnectorInstancesRepository;
  runner: PullRunner;
  /** Inserts an instance as the operator API stores one; its schedule never fires (no scheduler runs). */
  addInstance(spec: Pick<ConnectorInstanceRow, 'id' | 'type' | 'name' | 'config'>): Promise<void>;
  /** One pull of the instance as stored now (consecutive_failures included), ignoring state and retry_at. */
  pull(id: string): Promise<RunResult>;
}

export async function inProcessPull(
  ds: DataSource,
  opts: { http: HttpFetcherOptions; piiHashKey: string; secretsKey: string },
): Promise<InProcessPull> {
  const instances = new ConnectorInstancesRepository(ds);
  const box = new SecretBox(opts.secretsKey);
  const runner = new PullRunner(
    instances,
    await ConnectorRegistry.load(),
    new IngestRepository(ds, instances, box),
    { http: new HttpFetcher(opts.http), piiHashKey: opts.piiHashKey },
    pino({ level: 'silent' }),
    box,
  );
  return {
    instances,
    runner,
    async addInstance(spec) {
      await instances.transaction((tx) =>
        instances.insert(tx, { ...spec, schedule: '0 0 1 1 *', enabled: true }),
      );
    },
    async pull(id) {
      const row = await instances.find(id);
      if (!row) throw new Error(`no connector instance ${id}`);
      return runner.run(row);
    },
  };
}
