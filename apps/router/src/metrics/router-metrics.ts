import { type OnApplicationShutdown } from '@nestjs/common';
import { type Admin, type Kafka } from 'kafkajs';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { type Decision } from '@minsheng/shared/contracts';
import { type Logger } from '@minsheng/shared/logging';
import { Cached, within } from '@minsheng/shared/observability';
import { type RouteObserver } from '../routing/batch-router';

/** How long a gauge read from PostgreSQL or the Kafka admin API is reused between scrapes. */
export const GAUGE_CACHE_MS = 5000;

export interface RouterMetricsSources {
  kafka: Kafka;
  groupId: string;
  /** The topics the router consumes (prefixed names). */
  topics: string[];
  publishedRuleSetVersion: () => Promise<number>;
  logger: Logger;
}

interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

/**
 * The router's series (docs/runbook.md, "Metrics the alerts read"). Consumer lag is the group's, read from Kafka
 * (committed offset against the partition's end), not from this replica's fetches: it survives rebalances and
 * includes partitions no replica holds. Every replica reports it alike, so dashboards take max per partition.
 */
export class RouterMetrics implements RouteObserver, OnApplicationShutdown {
  private readonly decisions: Counter<'mode' | 'reason'>;
  private readonly dlq: Counter<'stage' | 'reason_code'>;
  private readonly chunkSeconds: Histogram;
  private admin?: Admin;

  constructor(
    registry: Registry,
    private readonly sources: RouterMetricsSources,
  ) {
    const registers = [registry];
    const { logger } = sources;
    this.decisions = new Counter({
      name: 'minsheng_router_decisions_total',
      help: 'Routing decisions made (stored; re-publications of stored ones are not counted), by mode and triage reason',
      labelNames: ['mode', 'reason'],
      registers,
    });
    this.dlq = new Counter({
      name: 'minsheng_dlq_messages_total',
      help: 'Messages sent to the dead-letter topic, by stage and reason code',
      labelNames: ['stage', 'reason_code'],
      registers,
    });
    this.chunkSeconds = new Histogram({
      name: 'minsheng_router_chunk_duration_seconds',
      help: 'Time to route one chunk and commit its Kafka transaction',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    const lag = new Cached(() => within(this.readLag(), 5000, 'consumer lag'), GAUGE_CACHE_MS);
    const readLag = async (): Promise<PartitionLag[] | undefined> => {
      try {
        return await lag.get();
      } catch (e) {
        logger.warn({ err: e }, 'metrics: consumer lag not read');
        const admin = this.admin;
        this.admin = undefined;
        await admin?.disconnect().catch(() => undefined);
        return undefined;
      }
    };
    new Gauge({
      name: 'minsheng_router_consumer_lag_messages',
      help: "Messages of a partition the router's consumer group has not yet committed (the group's, from Kafka)",
      labelNames: ['topic', 'partition'],
      registers,
      async collect() {
        const lags = await readLag();
        // Unknown (Kafka unreachable) is no series rather than a stale number.
        this.reset();
        for (const l of lags ?? []) this.set({ topic: l.topic, partition: String(l.partition) }, l.lag);
      },
    });
    const version = new Cached(() => sources.publishedRuleSetVersion(), GAUGE_CACHE_MS);
    let lastVersion = 0;
    new Gauge({
      name: 'minsheng_rules_published_version',
      help: 'Version of the published rule set (0 when none is)',
      registers,
      async collect() {
        try {
          lastVersion = await version.get();
        } catch (e) {
          logger.warn({ err: e }, 'metrics: published rule set not read');
        }
        this.set(lastVersion);
      },
    });
  }

  decided(decision: Decision): void {
    this.decisions.inc({ mode: decision.mode, reason: decision.reason ?? 'none' });
  }

  deadLettered(reasonCode: string): void {
    this.dlq.inc({ stage: 'router', reason_code: reasonCode });
  }

  /** Starts timing a chunk; call the result when its transaction has committed. */
  chunkTimer(): () => void {
    return this.chunkSeconds.startTimer();
  }

  private async readLag(): Promise<PartitionLag[]> {
    if (!this.admin) {
      const admin = this.sources.kafka.admin({ retry: { retries: 0 } });
      await admin.connect();
      this.admin = admin;
    }
    const admin = this.admin;
    const committed = await admin.fetchOffsets({
      groupId: this.sources.groupId,
      topics: this.sources.topics,
    });
    const out: PartitionLag[] = [];
    for (const { topic, partitions } of committed) {
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p]));
      for (const p of partitions) {
        const end = ends.get(p.partition);
        if (!end) continue;
        const from = Number(p.offset) >= 0 ? Number(p.offset) : Number(end.low);
        out.push({ topic, partition: p.partition, lag: Math.max(0, Number(end.high) - from) });
      }
    }
    return out;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
  }
}
