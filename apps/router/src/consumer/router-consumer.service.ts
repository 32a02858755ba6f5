import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Consumer, type EachBatchPayload, type Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import { topicName } from '@minsheng/shared/contracts';
import { ensureTopics, topicReplication } from '@minsheng/shared/kafka';
import { withCorrelation } from '@minsheng/shared/logging';
import { APP_CONFIG, APP_LOGGER, KAFKA, type AppConfig, type Logger } from '@minsheng/shared/runtime';
import { ReferenceDataRepository } from '@minsheng/routing';
import { type LearnedRoutingContext } from '@minsheng/routing/learned';
import { RouterMetrics } from '../metrics/router-metrics';
import { PublishedModel } from '../models/published-model';
import { BatchRouter } from '../routing/batch-router';

/**
 * Consume → route → produce in one Kafka transaction per partition batch, with the consumed offsets committed
 * inside it (sendOffsets). A read_committed reader of the outputs sees a batch's tickets exactly when its
 * offsets moved; after a crash the batch is re-read and the stored decisions are re-published, not re-made.
 */
@Injectable()
export class RouterConsumerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer!: Consumer;
  private producer!: Producer;
  private context!: LearnedRoutingContext;
  private referenceVersion = '';
  private reloadTimer?: NodeJS.Timeout;
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(ReferenceDataRepository) private readonly reference: ReferenceDataRepository,
    @Inject(BatchRouter) private readonly router: BatchRouter,
    @Inject(PublishedModel) private readonly model: PublishedModel,
    @Inject(RouterMetrics) private readonly metrics: RouterMetrics,
  ) {}

  private get groupId(): string {
    return `${this.config.KAFKA_TOPIC_PREFIX}${this.config.ROUTER_GROUP_ID}`;
  }

  async onApplicationBootstrap(): Promise<void> {
    const prefix = this.config.KAFKA_TOPIC_PREFIX;
    await this.loadContext();
    this.logger.info(
      {
        ruleSetVersion: this.context.rules.version,
        referenceVersion: this.referenceVersion,
        modelVersion: this.model.version,
      },
      'routing context loaded',
    );
    // Kafka may be restarting while we boot: keep trying rather than exit, saying so once.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.startConsuming(prefix);
        break;
      } catch (e) {
        if (attempt === 1) this.logger.warn({ err: e }, 'Kafka not ready; retrying until it is');
        await this.consumer?.disconnect().catch(() => undefined);
        await this.producer?.disconnect().catch(() => undefined);
        await new Promise((r) => setTimeout(r, Math.min(5000, 500 * attempt)));
      }
    }
    this.logger.info({ groupId: this.groupId }, 'router consuming');
    this.reloadTimer = setInterval(() => {
      this.reload().catch((e: unknown) =>
        this.logger.warn({ err: e }, 'reload failed; keeping the current routing context'),
      );
    }, this.config.RULES_RELOAD_MS);
  }

  private async startConsuming(prefix: string): Promise<void> {
    await ensureTopics(this.kafka, prefix, topicReplication(this.config));
    this.producer = this.kafka.producer({
      transactionalId: `${prefix}minsheng-${this.config.ROUTER_INSTANCE_ID}`,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 30000,
    });
    await this.producer.connect();
    this.consumer = this.kafka.consumer({
      groupId: this.groupId,
      readUncommitted: false,
      // A crashed replica's partitions move after the session timeout; batches take well under a second.
      sessionTimeout: 15000,
      heartbeatInterval: 3000,
      maxBytesPerPartition: 512 * 1024,
    });
    // kafkajs gives up on non-retriable errors and leaves the process running without a consumer; a router that
    // cannot consume must die loudly so its supervisor restarts it (and its transactional id fences the old one).
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      this.logger.fatal({ err: payload.error, restart: payload.restart }, 'consumer crashed');
      if (!payload.restart) process.kill(process.pid, 'SIGTERM');
    });
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: [topicName('items', prefix), topicName('feedback', prefix)],
      fromBeginning: true,
    });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) =>
        withCorrelation(`batch-${payload.batch.partition}-${payload.batch.firstOffset()}`, () =>
          this.onBatch(payload),
        ),
    });
  }

  /** The version is read before the data: a change committed in between is loaded again on the next poll. */
  private async loadContext(): Promise<void> {
    const version = await this.reference.referenceDataVersion();
    this.context = await this.reference.loadContext();
    this.referenceVersion = version;
    await this.model.refresh();
    this.context.suggester = this.model.learned;
  }

  /** A newly published rule set, model or edited reference data applies from the next batch; no restart. */
  private async reload(): Promise<void> {
    if (await this.model.refresh()) {
      this.context = { ...this.context, suggester: this.model.learned };
      this.logger.info({ modelVersion: this.model.version }, 'published model loaded');
    }
    if ((await this.reference.referenceDataVersion()) !== this.referenceVersion) {
      await this.loadContext();
      this.logger.info(
        { ruleSetVersion: this.context.rules.version, referenceVersion: this.referenceVersion },
        'reference data reloaded',
      );
      return;
    }
    const version = await this.reference.publishedRuleSetVersion();
    if (version === this.context.rules.version) return;
    this.context = {
      ...this.context,
      ...(await this.reference.loadRules(version)),
      suggester: this.model.learned,
    };
    this.logger.info({ ruleSetVersion: version }, 'published rule set loaded');
  }

  /**
   * A fetched batch can hold thousands of messages; it is routed and committed in chunks so that one Kafka
   * transaction stays well under the broker's request size and the group sees heartbeats between chunks.
   */
  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const size = this.config.ROUTER_CHUNK_SIZE;
    for (let i = 0; i < batch.messages.length; i += size) {
      if (!payload.isRunning() || payload.isStale()) return;
      const chunk = batch.messages.slice(i, i + size);
      const timed = this.metrics.chunkTimer();
      await this.routeChunk(batch.topic, batch.partition, chunk);
      timed();
      payload.resolveOffset(chunk[chunk.length - 1].offset);
      await payload.heartbeat();
    }
  }

  private async routeChunk(topic: string, partition: number, messages: KafkaMessage[]): Promise<void> {
    const prefix = this.config.KAFKA_TOPIC_PREFIX;
    const outgoing = await this.router.route(topic, partition, messages, this.context);
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    for (const o of outgoing) {
      const t = topicName(o.topic, prefix);
      byTopic.set(t, [...(byTopic.get(t) ?? []), { key: o.key, value: o.value, headers: o.headers }]);
    }
    const next = (BigInt(messages[messages.length - 1].offset) + 1n).toString();
    const txn = await this.producer.transaction();
    try {
      if (byTopic.size)
        await txn.sendBatch({ topicMessages: [...byTopic].map(([t, m]) => ({ topic: t, messages: m })) });
      await txn.sendOffsets({
        consumerGroupId: this.groupId,
        topics: [{ topic, partitions: [{ partition, offset: next }] }],
      });
      await txn.commit();
    } catch (e) {
      await txn.abort().catch(() => undefined);
      throw e;
    }
    this.logger.debug({ partition, messages: messages.length, published: outgoing.length }, 'chunk routed');
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.reloadTimer);
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
  }
}
