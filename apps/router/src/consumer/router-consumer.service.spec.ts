import { type Kafka, type KafkaMessage, type Producer, type RecordMetadata } from 'kafkajs';
import { type AppConfig, type Logger } from '@minsheng/shared/runtime';
import { type ReferenceDataRepository } from '@minsheng/routing';
import { type RouterMetrics } from '../metrics/router-metrics';
import { type PublishedModel } from '../models/published-model';
import { type BatchRouter, type OutgoingMessage } from '../routing/batch-router';
import { IncompleteSendError, keyPartition, OutputPartitionCounts } from './output-partitions';
import { type PublishedOffsetsRepository } from './published-offsets.repository';
import { RouterConsumerService } from './router-consumer.service';

const outgoing: OutgoingMessage[] = Array.from({ length: 40 }, (_, i) => ({
  topic: i % 4 === 0 ? 'triage' : 'routed',
  key: `item-${i}`,
  value: Buffer.from('{}'),
  headers: {},
}));
const counts = new Map([
  ['appeal.routed.v1', 6],
  ['appeal.triage.v1', 3],
  ['appeal.dlq.v1', 1],
]);

/** A transactional producer whose sendBatch resolves with what `result` makes of the partitions it was given. */
function fakeProducer(result: (acks: RecordMetadata[]) => RecordMetadata[]) {
  const calls: string[] = [];
  const sent: { topic: string; partition?: number; key: string }[] = [];
  const txn = {
    sendBatch: (batch: {
      topicMessages: { topic: string; messages: { partition?: number; key: string }[] }[];
    }) => {
      calls.push('sendBatch');
      const acks = new Map<string, RecordMetadata>();
      for (const { topic, messages } of batch.topicMessages)
        for (const m of messages) {
          sent.push({ topic, partition: m.partition, key: m.key });
          acks.set(`${topic}:${m.partition}`, {
            topicName: topic,
            partition: m.partition ?? -1,
            errorCode: 0,
          });
        }
      return Promise.resolve(result([...acks.values()]));
    },
    sendOffsets: () => (calls.push('sendOffsets'), Promise.resolve()),
    commit: () => (calls.push('commit'), Promise.resolve()),
    abort: () => (calls.push('abort'), Promise.resolve()),
  };
  const producer = { transaction: () => Promise.resolve(txn) } as unknown as Producer;
  return { producer, calls, sent };
}

/** The router's own record of committed chunks: each advance is logged in the transaction's call list. */
function publishedOffsets(calls: string[]): PublishedOffsetsRepository {
  return {
    advance: (_g: string, topic: string, partition: number, next: string) => (
      calls.push(`advance ${topic}:${partition} to ${next}`),
      Promise.resolve()
    ),
  } as unknown as PublishedOffsetsRepository;
}

function service(calls: string[]): RouterConsumerService {
  const config = {
    KAFKA_TOPIC_PREFIX: '',
    ROUTER_GROUP_ID: 'router',
    ROUTER_INSTANCE_ID: 'r-test',
  } as AppConfig;
  const logger = { warn: () => undefined, debug: () => undefined } as unknown as Logger;
  const router = { route: () => Promise.resolve(outgoing) } as unknown as BatchRouter;
  const s = new RouterConsumerService(
    config,
    logger,
    {} as Kafka,
    {} as ReferenceDataRepository,
    router,
    {} as PublishedModel,
    {} as RouterMetrics,
    publishedOffsets(calls),
  );
  s['outputPartitions'] = new OutputPartitionCounts(() => Promise.resolve(counts), [...counts.keys()]);
  return s;
}

const messages = [{ offset: '41', key: null, value: Buffer.from('{}') }] as unknown as KafkaMessage[];

describe('RouterConsumerService chunk transaction', () => {
  it("sends each output to its key's default partition and commits when every partition is acknowledged", async () => {
    const { producer, calls, sent } = fakeProducer((acks) => acks);
    await service(calls)['routeChunk'](producer, 'appeal.items.v1', 0, messages, () => Promise.resolve());
    // The router's own record moves only once the transaction committed, to the offset after the chunk.
    expect(calls).toEqual(['sendBatch', 'sendOffsets', 'commit', 'advance appeal.items.v1:0 to 42']);
    expect(sent).toHaveLength(outgoing.length);
    for (const m of sent) expect(m.partition).toBe(keyPartition(m.topic, m.key, counts.get(m.topic) ?? 0));
  });

  it('aborts, without sending offsets, when the send result is missing a targeted partition', async () => {
    const { producer, calls } = fakeProducer((acks) =>
      acks.filter((a) => a.topicName !== 'appeal.routed.v1' || a.partition !== 2),
    );
    await expect(
      service(calls)['routeChunk'](producer, 'appeal.items.v1', 0, messages, () => Promise.resolve()),
    ).rejects.toThrow(IncompleteSendError);
    expect(calls).toEqual(['sendBatch', 'abort']);
  });
});
