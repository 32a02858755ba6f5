import { type DataSource } from 'typeorm';
import { type Logger } from '@minsheng/shared/logging';
import { withCorrelation } from '@minsheng/shared/logging';
import { ConnectorError, type ConnectorErrorKind, type ConnectorContext } from '@minsheng/connector-sdk';
import { judgeRun, type RunTotals, type RunVerdict } from './run-status';
import { type ConnectorRegistry } from '@minsheng/connector-types';
import { type IngestRepository } from '@minsheng/shared/ingest';
import { scrubSecrets, type SecretBox } from '@minsheng/shared/secrets';

export interface InstanceRow {
  consecutive_failures?: number;
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
    private readonly secrets: SecretBox,
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
    await this.db.query(`UPDATE connector_instances SET last_run_at = now() WHERE id = $1`, [instance.id]);
    const totals: RunTotals = { fetched: 0, emitted: 0, unchanged: 0, quarantined: 0 };
    let newest: string | undefined;
    let failure: { kind: ConnectorErrorKind; message: string } | undefined;
    // Secrets are sealed at rest (the operator API seals them); they are opened here, just before use, and scrubbed
    // from whatever this run logs or stores, since an error may echo a URL that carries one (http_json query auth).
    let clearSecrets: string[] = [];
    try {
      const opened = this.secrets.openDeep(instance.config);
      clearSecrets = opened.secrets;
      const config = type.configSchema.parse(opened.value);
      const cursorRows = await this.db.query<{ cursor: Record<string, unknown> }[]>(
        `SELECT cursor FROM connector_cursors WHERE connector_id = $1`,
        [instance.id],
      );
      const meta = {
        id: instance.id,
        channel: type.channelOf?.(config) ?? type.channel,
        system: type.type,
        parserVersion: type.parserVersion,
      };
      const pages = type.pull(config, cursorRows[0]?.cursor ?? null, this.ctx)[Symbol.asyncIterator]();
      // The next page is fetched while this one is written: the network and the database work side by side.
      let next = pages.next();
      next.catch(() => undefined);
      for (;;) {
        const current = await next;
        if (current.done) break;
        next = pages.next();
        next.catch(() => undefined);
        const page = current.value;
        const out = await this.ingest.writePage(meta, page, new Date());
        totals.fetched += out.fetched;
        totals.emitted += out.emitted;
        totals.unchanged += out.unchanged;
        totals.quarantined += out.quarantined;
        for (const r of page.records)
          if (r.draft && (!newest || r.draft.submittedAt > newest)) newest = r.draft.submittedAt;
        await this.db.query(
          `UPDATE connector_runs SET fetched = $2, emitted = $3, unchanged = $4, quarantined = $5 WHERE id = $1`,
          [runId, totals.fetched, totals.emitted, totals.unchanged, totals.quarantined],
        );
      }
    } catch (e) {
      const message = scrubSecrets((e as Error).message, clearSecrets);
      failure = { kind: e instanceof ConnectorError ? e.kind : 'temporary', message };
      this.logger.warn(
        {
          connectorId: instance.id,
          err: { kind: failure.kind, message, stack: scrubSecrets(String((e as Error).stack), clearSecrets) },
        },
        'pull failed; the cursor stays at the last committed page',
      );
    }
    const verdict = judgeRun(totals, failure, instance.consecutive_failures ?? 0);
    await this.recordRun(instance.id, runId, totals, verdict, newest);
    this.logger.info({ connectorId: instance.id, runId, ...totals, verdict: verdict.kind }, 'pull finished');
    const error = verdict.kind === 'succeeded' ? undefined : verdict.message;
    return { status: verdict.kind === 'succeeded' ? 'succeeded' : 'failed', runId, ...totals, error };
  }

  private async recordRun(
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
}
