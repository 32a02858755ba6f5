import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { type CircuitBreaker } from '@minsheng/connector-sdk/http';
import { type ConnectorInstancesRepository } from '@minsheng/shared/connectors-store';
import { type OutboxRepository } from '@minsheng/shared/ingest';
import { type Logger } from '@minsheng/shared/logging';
import { Cached } from '@minsheng/shared/observability';

/** How long a database-backed gauge is reused: scrapes every few seconds from several Prometheus cost one query. */
export const GAUGE_CACHE_MS = 5000;

const STATES = ['running', 'paused', 'stopped', 'failed', 'degraded'] as const;

interface Sources {
  outbox: OutboxRepository;
  instances: ConnectorInstancesRepository;
  breaker: CircuitBreaker;
  logger: Logger;
}

/** The connectors app's series (docs/runbook.md, "Metrics the alerts read"). */
export class ConnectorsMetrics {
  private readonly pulled: Counter<'channel' | 'instance'>;
  private readonly fetchSeconds: Histogram<'channel'>;
  private readonly dlq: Counter<'stage' | 'reason_code'>;
  private readonly hostsSeen = new Set<string>();

  constructor(registry: Registry, sources: Sources) {
    const registers = [registry];
    const { logger } = sources;
    this.pulled = new Counter({
      name: 'minsheng_connector_items_pulled_total',
      help: 'Records read from a channel (new, changed, unchanged or quarantined), by channel and connector instance',
      labelNames: ['channel', 'instance'],
      registers,
    });
    this.fetchSeconds = new Histogram({
      name: 'minsheng_fetch_duration_seconds',
      help: 'Time to fetch one page from a channel, retries and politeness waits included',
      labelNames: ['channel'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.dlq = new Counter({
      name: 'minsheng_dlq_messages_total',
      help: 'Records quarantined as dead letters, by stage and reason code',
      labelNames: ['stage', 'reason_code'],
      registers,
    });
    // Read at scrape time, once per GAUGE_CACHE_MS; on a database error the last values stay (the logs say why).
    const outbox = new Cached(() => sources.outbox.backlog(), GAUGE_CACHE_MS);
    let lastOutbox = { unsent: 0, oldestSeconds: 0 };
    const readOutbox = async () => {
      try {
        lastOutbox = await outbox.get();
      } catch (e) {
        logger.warn({ err: e }, 'metrics: outbox backlog not read');
      }
      return lastOutbox;
    };
    new Gauge({
      name: 'minsheng_outbox_unsent_messages',
      help: 'Outbox rows not yet published to Kafka (all replicas alike: read from PostgreSQL)',
      registers,
      async collect() {
        this.set((await readOutbox()).unsent);
      },
    });
    new Gauge({
      name: 'minsheng_outbox_oldest_unsent_seconds',
      help: 'Age of the oldest outbox row not yet published (0 when none)',
      registers,
      async collect() {
        this.set((await readOutbox()).oldestSeconds);
      },
    });
    const instances = new Cached(() => sources.instances.health(), GAUGE_CACHE_MS);
    let lastInstances: Awaited<ReturnType<ConnectorInstancesRepository['health']>> = [];
    const readInstances = async () => {
      try {
        lastInstances = await instances.get();
      } catch (e) {
        logger.warn({ err: e }, 'metrics: connector states not read');
      }
      return lastInstances;
    };
    new Gauge({
      name: 'minsheng_connector_state',
      help: 'Connector instance state: 1 for the current one, 0 for the others',
      labelNames: ['instance', 'type', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const i of await readInstances())
          for (const state of STATES)
            this.set({ instance: i.id, type: i.type, state }, i.state === state ? 1 : 0);
      },
    });
    new Gauge({
      name: 'minsheng_connector_last_success_age_seconds',
      help: 'Seconds since the instance last completed a pull (since its creation when it never has)',
      labelNames: ['instance', 'type'],
      registers,
      async collect() {
        this.reset();
        for (const i of await readInstances())
          this.set({ instance: i.id, type: i.type }, Math.max(0, i.lastSuccessAgeSeconds));
      },
    });
    const hostsSeen = this.hostsSeen;
    new Gauge({
      name: 'minsheng_fetch_circuit_open',
      help: 'Circuit breaker per upstream host: 1 while open (calls fail fast), 0 otherwise',
      labelNames: ['host'],
      registers,
      collect() {
        for (const host of sources.breaker.keys()) hostsSeen.add(host);
        for (const host of hostsSeen) this.set({ host }, sources.breaker.state(host) === 'open' ? 1 : 0);
      },
    });
  }

  pulledRecords(channel: string, instance: string, count: number): void {
    if (count > 0) this.pulled.inc({ channel, instance }, count);
  }

  fetched(channel: string, seconds: number): void {
    this.fetchSeconds.observe({ channel }, seconds);
  }

  deadLetters(reasonCode: string, count: number): void {
    if (count > 0) this.dlq.inc({ stage: 'connector', reason_code: reasonCode }, count);
  }
}
