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
import {
  assertSendComplete,
  IncompleteSendError,
  keyPartition,
  OutputPartitionCounts,
} from './output-partitions';
import { type PartitionOwner, PartitionProducers } from './partition-producers';
import { PublishedOffsetsRepository } from './published-offsets.repository';
import { routerInstanceId } from './router-identity';

/**
 * Consume → route → produce in one Kafka transaction per chunk, with the consumed offsets committed inside it
 * (sendOffsets). A read_committed reader of the outputs sees a chunk's tickets exactly when its offsets moved;
 * after a crash or a rebalance the chunk is re-read and the stored decisions are re-published, not re-made.
 * Each input partition has its own transactional producer, so the replica that takes a partition over fences the
 * one that had it (decision 026), and partitions are routed concurrently.
 */
const FENCED = new Set(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED']);

/** A newer producer with this partition's transactional id exists: its epoch aborted our transaction. */
function isFenced(e: unknown): boolean {
  for (let err = e as { type?: string; originalError?: unknown } | undefined; err;) {
    if (err.type && FENCED.has(err.type)) return true;
    err = err.originalError as typeof err;
  }
  return false;
}

@Injectable()
export class RouterConsumerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer!: Consumer;
  private producers!: PartitionProducers;
  private outputPartitions!: OutputPartitionCounts;
  private context!: LearnedRoutingContext;
  private referenceVersion = '';
  private reloadTimer?: NodeJS.Timeout;
  private reloading?: Promise<void>;
  private readonly instanceId: string;
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(ReferenceDataRepository) private readonly reference: ReferenceDataRepository,
    @Inject(BatchRouter) private readonly router: BatchRouter,
    @Inject(PublishedModel) private readonly model: PublishedModel,
    @Inject(RouterMetrics) private readonly metrics: RouterMetrics,
    @Inject(PublishedOffsetsRepository) private readonly published: PublishedOffsetsRepository,
  ) {
    this.instanceId = routerInstanceId(config.ROUTER_INSTANCE_ID);
  }

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
        await this.producers?.closeAll();
        await new Promise((r) => setTimeout(r, Math.min(5000, 500 * attempt)));
      }
    }
    this.logger.info({ groupId: this.groupId, instanceId: this.instanceId }, 'router consuming');
    this.reloadTimer = setInterval(() => {
      // One reload at a time: a slow one overlapped by the next could finish last and put back an older context.
      if (this.reloading) return;
      this.reloading = this.reload()
        .catch((e: unknown) =>
          this.logger.warn({ err: e }, 'reload failed; keeping the current routing context'),
        )
        .finally(() => (this.reloading = undefined));
    }, this.config.RULES_RELOAD_MS);
  }

  private async startConsuming(prefix: string): Promise<void> {
    await ensureTopics(this.kafka, prefix, topicReplication(this.config));
    this.producers = new PartitionProducers(this.kafka, this.logger, {
      groupId: this.groupId,
      prefix,
      published: (topic, partition) => this.published.next(this.groupId, topic, partition),
    });
    const producers = this.producers;
    this.outputPartitions = new OutputPartitionCounts(
      (topics) => producers.partitionCounts(topics),
      (['routed', 'triage', 'dlq'] as const).map((t) => topicName(t, prefix)),
    );
    await this.outputPartitions.get();
    this.consumer = this.kafka.consumer({
      groupId: this.groupId,
      readUncommitted: false,
      // A crashed replica's partitions move after the session timeout. With several partitions in flight on a busy
      // host a chunk can take many seconds between heartbeats; 15 s made healthy replicas thrash in rebalances.
      sessionTimeout: 30000,
      heartbeatInterval: 3000,
      maxBytesPerPartition: 2 * 1024 * 1024,
    });
    // kafkajs gives up on non-retriable errors and leaves the process running without a consumer; a router that
    // cannot consume must die loudly so its supervisor restarts it.
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      this.logger.fatal({ err: payload.error, restart: payload.restart }, 'consumer crashed');
      if (!payload.restart) process.kill(process.pid, 'SIGTERM');
      // kafkajs restarts the consumer from the group's offsets while a batch of the crashed run may still be
      // committing a chunk with the same producer: the restarted run must take every partition over afresh, which
      // fences that producer, so a chunk is never published by both.
      else void this.producers.newGeneration();
    });
    // kafkajs has no revocation callback; each join starts a generation in which every partition is taken over.
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      this.logger.info(
        { instanceId: this.instanceId, assignment: payload.memberAssignment },
        'partitions assigned',
      );
      void this.producers.newGeneration();
    });
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: [topicName('items', prefix), topicName('feedback', prefix)],
      fromBeginning: true,
    });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.config.ROUTER_CONCURRENCY,
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
    const rules = await this.reference.loadRules(version);
    this.context = { ...this.context, ...rules, suggester: this.model.learned };
    this.logger.info({ ruleSetVersion: version }, 'published rule set loaded');
  }

  /**
   * A fetched batch can hold thousands of messages; it is routed and committed in chunks so that one Kafka
   * transaction stays well under the broker's request size and the group sees heartbeats between chunks.
   * Messages below the offset committed when this replica took the partition over were routed by its previous
   * owner and are skipped; a fenced transaction gives the partition up until the next batch takes it over again.
   */
  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const { topic, partition } = batch;
    if (!payload.isRunning() || payload.isStale()) return;
    const acquired = this.producers.acquire(topic, partition);
    try {
      await this.routeBatch(payload, acquired);
    } finally {
      await this.producers.done(acquired);
    }
  }

  private async routeBatch(payload: EachBatchPayload, acquired: Promise<PartitionOwner>): Promise<void> {
    const { batch } = payload;
    const { topic, partition } = batch;
    const size = this.config.ROUTER_CHUNK_SIZE;
    const owner = await acquired;
    const messages = batch.messages.filter((m) => BigInt(m.offset) >= owner.committed);
    if (messages.length < batch.messages.length) {
      const skipped = batch.messages.length - messages.length;
      this.logger.info({ partition, skipped }, 'skipped what the previous owner committed');
      payload.resolveOffset((owner.committed - 1n).toString());
    }
    for (let i = 0; i < messages.length; i += size) {
      const current = () =>
        payload.isRunning() && !payload.isStale() && this.producers.isCurrent(topic, partition, acquired);
      if (!current()) return;
      const chunk = messages.slice(i, i + size);
      const timed = this.metrics.chunkTimer();
      try {
        await this.routeChunk(owner.producer, topic, partition, chunk, () => payload.heartbeat());
        timed();
      } catch (e) {
        // Superseded by a rebalance while routing: nothing of this chunk became visible, the new owner re-reads it.
        if (!current()) return;
        await this.producers.release(`${topic}:${partition}`, acquired);
        if (!isFenced(e)) throw e;
        // Another replica owns the partition now. The heartbeat tells kafkajs to rejoin if a rebalance is under
        // way; otherwise the next batch takes the partition back.
        this.logger.warn({ partition }, "fenced by the partition's new owner");
        await payload.heartbeat();
        return;
      }
      payload.resolveOffset(chunk[chunk.length - 1].offset);
      await payload.heartbeat();
    }
  }

  private async routeChunk(
    producer: Producer,
    topic: string,
    partition: number,
    messages: KafkaMessage[],
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const prefix = this.config.KAFKA_TOPIC_PREFIX;
    const outgoing = await this.router.route(topic, partition, messages, this.context);
    // Routing a chunk can take seconds on a busy host; the group must hear from us before the transaction.
    await heartbeat();
    // Each output's partition is named here (the one kafkajs' default partitioner gives its key), so the send's
    // result can be checked against what was targeted: kafkajs 2.2.4 can drop a partition's messages when a broker
    // dies mid-send and still resolve (decision 032); an incomplete send aborts the transaction.
    const counts = await this.outputPartitions.get();
    const byTopic = new Map<
      string,
      { key: string; value: Buffer; headers: Record<string, string>; partition: number }[]
    >();
    const targeted = new Set<string>();
    for (const o of outgoing) {
      const t = topicName(o.topic, prefix);
      let list = byTopic.get(t);
      if (!list) byTopic.set(t, (list = []));
      const partition = keyPartition(t, o.key, counts.get(t) ?? 0);
      targeted.add(`${t}:${partition}`);
      list.push({ key: o.key, value: o.value, headers: o.headers, partition });
    }
    const next = (BigInt(messages[messages.length - 1].offset) + 1n).toString();
    const txn = await producer.transaction();
    try {
      if (byTopic.size) {
        const result = await txn.sendBatch({
          topicMessages: [...byTopic].map(([t, m]) => ({ topic: t, messages: m })),
        });
        assertSendComplete(targeted, result);
      }
      await txn.sendOffsets({
        consumerGroupId: this.groupId,
        topics: [{ topic, partitions: [{ partition, offset: next }] }],
      });
      await txn.commit();
    } catch (e) {
      await txn.abort().catch(() => undefined);
      if (e instanceof IncompleteSendError) {
        // Aborted, so none of the chunk is visible; it is re-read through the batch's failure path. The partition
        // counts are read again in case the send fell short because a topic grew.
        this.outputPartitions.invalidate();
        this.logger.warn(
          { partition, problems: e.problems },
          'incomplete send; transaction aborted, chunk retried',
        );
      }
      throw e;
    }
    // Only after the commit: this record may lag what Kafka holds (a crash right here), never lead it.
    await this.published.advance(this.groupId, topic, partition, next);
    this.logger.debug({ partition, messages: messages.length, published: outgoing.length }, 'chunk routed');
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.reloadTimer);
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producers?.closeAll();
  }
}
