import { type DataSource } from 'typeorm';
import { type Logger } from '@minsheng/shared/logging';
import { withCorrelation } from '@minsheng/shared/logging';
import { type ConnectorContext } from './connector-type';
import { type ConnectorRegistry } from './connector-registry';
import { type IngestRepository } from '@minsheng/shared/ingest';

export interface InstanceRow {
  id: string;
  type: string;
  config: Record<string, unknown>;
  schedule: string;
  enabled: boolean;
  version: number;
}

export type RunResult =
  | { status: 'skipped'; reason: 'locked_elsewhere' }
  | {
      status: 'succeeded' | 'failed';
      runId: string;
      fetched: number;
      emitted: number;
      unchanged: number;
      quarantined: number;
      error?: string;
    };

/**
 * One pull of one connector instance. Exactly one runner across replicas: a PostgreSQL session advisory lock on a
 * dedicated connection, held for the whole run (the run spans many page transactions, so a transaction lock won't do).
 */
export class PullRunner {
  constructor(
    private readonly db: DataSource,
    private readonly registry: ConnectorRegistry,
    private readonly ingest: IngestRepository,
    private readonly ctx: ConnectorContext,
    private readonly logger: Logger,
  ) {}

  async run(instance: InstanceRow): Promise<RunResult> {
    const lockConn = this.db.createQueryRunner();
    await lockConn.connect();
    try {
      const [{ locked }] = (await lockConn.query(
        `SELECT pg_try_advisory_lock(hashtext('connector'), hashtext($1)) AS locked`,
        [instance.id],
      )) as { locked: boolean }[];
      if (!locked) return { status: 'skipped', reason: 'locked_elsewhere' };
      try {
        return await withCorrelation(`pull-${instance.id}-${Date.now()}`, () => this.pull(instance));
      } finally {
        await lockConn.query(`SELECT pg_advisory_unlock(hashtext('connector'), hashtext($1))`, [instance.id]);
      }
    } finally {
      await lockConn.release();
    }
  }

  private async pull(instance: InstanceRow): Promise<RunResult> {
    const type = this.registry.get(instance.type);
    const [{ id: runId }] = await this.db.query<{ id: string }[]>(
      `INSERT INTO connector_runs (connector_id, status) VALUES ($1, 'running') RETURNING id`,
      [instance.id],
    );
    const totals = { fetched: 0, emitted: 0, unchanged: 0, quarantined: 0 };
    let error: string | undefined;
    try {
      const config = type.configSchema.parse(instance.config);
      const cursorRows = await this.db.query<
        {
          cursor: Record<string, unknown>;
        }[]
      >(`SELECT cursor FROM connector_cursors WHERE connector_id = $1`, [instance.id]);
      const meta = {
        id: instance.id,
        channel: type.channel,
        system: type.type,
        parserVersion: type.parserVersion,
      };
      for await (const page of type.pull(config, cursorRows[0]?.cursor ?? null, this.ctx)) {
        const out = await this.ingest.writePage(meta, page, new Date());
        totals.fetched += out.fetched;
        totals.emitted += out.emitted;
        totals.unchanged += out.unchanged;
        totals.quarantined += out.quarantined;
        await this.db.query(
          `UPDATE connector_runs SET fetched = $2, emitted = $3, unchanged = $4 WHERE id = $1`,
          [runId, totals.fetched, totals.emitted, totals.unchanged],
        );
      }
    } catch (e) {
      error = (e as Error).message;
      this.logger.warn(
        { connectorId: instance.id, err: e },
        'pull failed; the cursor stays at the last committed page',
      );
    }
    await this.db.query(
      `UPDATE connector_runs SET status = $2, finished_at = now(), error = $3 WHERE id = $1`,
      [runId, error ? 'failed' : 'succeeded', error ?? null],
    );
    this.logger.info({ connectorId: instance.id, runId, ...totals, error }, 'pull finished');
    return { status: error ? 'failed' : 'succeeded', runId, ...totals, error };
  }
}
