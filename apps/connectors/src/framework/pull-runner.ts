import { type Logger } from '@minsheng/shared/logging';
import { withCorrelation } from '@minsheng/shared/logging';
import { ConnectorError, type ConnectorErrorKind, type ConnectorContext } from '@minsheng/connector-sdk';
import { type ConnectorsMetrics } from '../metrics/connectors-metrics';
import { judgeRun } from './run-status';
import { type ConnectorRegistry } from '@minsheng/connector-types';
import { type IngestRepository } from '@minsheng/shared/ingest';
import { scrubSecrets, type SecretBox } from '@minsheng/shared/secrets';
import {
  type ConnectorInstancesRepository,
  type PullInstance,
  type RunTotals,
} from '@minsheng/shared/connectors-store';

/** What a pull reads of an instance; without consecutive_failures, the backoff starts from none. */
export type InstanceRow = Pick<PullInstance, 'id' | 'type' | 'config' | 'egress_allow'> & {
  consecutive_failures?: number;
};

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

/** One pull of one connector instance; exactly one across replicas (ConnectorInstancesRepository.withPullLock). */
export class PullRunner {
  constructor(
    private readonly instances: ConnectorInstancesRepository,
    private readonly registry: ConnectorRegistry,
    private readonly ingest: IngestRepository,
    private readonly ctx: ConnectorContext,
    private readonly logger: Logger,
    private readonly secrets: SecretBox,
    private readonly metrics?: ConnectorsMetrics,
  ) {}

  async run(instance: InstanceRow): Promise<RunResult> {
    const run = await this.instances.withPullLock(instance.id, () =>
      withCorrelation(`pull-${instance.id}-${Date.now()}`, () => this.pull(instance)),
    );
    return run.locked ? run.value : { status: 'skipped', reason: 'locked_elsewhere' };
  }

  private async pull(instance: InstanceRow): Promise<RunResult> {
    const type = this.registry.get(instance.type);
    const runId = await this.instances.startRun(instance.id);
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
      const stored = await this.instances.cursor(instance.id);
      const meta = {
        id: instance.id,
        channel: type.channelOf?.(config) ?? type.channel,
        system: type.type,
        parserVersion: type.parserVersion,
      };
      // An admin's allowlist for this instance goes on top of the process's egress policy (decision 022).
      const ctx = { ...this.ctx, http: this.ctx.http.withEgressAllow(instance.egress_allow ?? []) };
      const pages = type.pull(config, stored?.cursor ?? null, ctx)[Symbol.asyncIterator]();
      // Timed from the request to the page's arrival, not to its use: the write of the page before overlaps it.
      const ask = () => {
        const started = process.hrtime.bigint();
        const asked = pages.next();
        asked.then(
          (r) => {
            if (!r.done) this.metrics?.fetched(meta.channel, Number(process.hrtime.bigint() - started) / 1e9);
          },
          () => undefined,
        );
        return asked;
      };
      // The next page is fetched while this one is written: the network and the database work side by side.
      let next = ask();
      for (;;) {
        const current = await next;
        if (current.done) break;
        next = ask();
        const page = current.value;
        const out = await this.ingest.writePage(meta, page, new Date());
        this.countPage(meta.channel, instance.id, page.records, out.quarantined);
        totals.fetched += out.fetched;
        totals.emitted += out.emitted;
        totals.unchanged += out.unchanged;
        totals.quarantined += out.quarantined;
        for (const r of page.records)
          if (r.draft && (!newest || r.draft.submittedAt > newest)) newest = r.draft.submittedAt;
        await this.instances.recordProgress(runId, totals);
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
    await this.instances.finishRun(instance.id, runId, totals, verdict, newest);
    this.logger.info({ connectorId: instance.id, runId, ...totals, verdict: verdict.kind }, 'pull finished');
    const error = verdict.kind === 'succeeded' ? undefined : verdict.message;
    return { status: verdict.kind === 'succeeded' ? 'succeeded' : 'failed', runId, ...totals, error };
  }

  /** Records without a draft are the parser's dead letters; the rest of the quarantined failed the contract. */
  private countPage(
    channel: string,
    instance: string,
    records: { draft?: unknown }[],
    quarantined: number,
  ): void {
    if (!this.metrics) return;
    const unparsed = records.filter((r) => !r.draft).length;
    this.metrics.pulledRecords(channel, instance, records.length);
    this.metrics.deadLetters('parse_failed', unparsed);
    this.metrics.deadLetters('schema_invalid', quarantined - unparsed);
  }
}
