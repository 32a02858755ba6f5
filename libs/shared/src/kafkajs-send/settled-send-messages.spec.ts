import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  type SendMessagesFactory,
  type SendMessagesOptions,
  settledSendMessages,
} from './settled-send-messages';

/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs' producer internals ship without types */
const kafkajsSendMessages = require('kafkajs/src/producer/sendMessages') as SendMessagesFactory<Options>;
const createRetry = require('kafkajs/src/retry') as (o: object) => SendMessagesOptions['retrier'];
const Lock = require('kafkajs/src/utils/lock') as new (o: { timeout: number }) => {
  acquire(): Promise<void>;
  release(): void;
};
const { KafkaJSConnectionError, KafkaJSNonRetriableError } = require('kafkajs/src/errors') as {
  KafkaJSConnectionError: new (m: string) => Error;
  KafkaJSNonRetriableError: new (m: string) => Error;
};
const messageProducer = require('kafkajs/src/producer/messageProducer') as (
  o: Options & { idempotent: boolean; getConnectionStatus: () => string },
) => { sendBatch(r: object): Promise<unknown> };
/* eslint-enable @typescript-eslint/no-require-imports */

type Options = SendMessagesOptions & Record<string, unknown>;
type Send = (request: object) => Promise<unknown>;
interface Sent {
  partition: number;
  firstSequence: number;
  count: number;
}
interface TopicData {
  topic: string;
  partitions: { partition: number; firstSequence: number; messages: unknown[] }[];
}
type Behaviour = (attempt: number) => Promise<void>;

const TOPIC = 'appeal.triage.v1';
const quiet = {
  debug: () => undefined,
  error: () => undefined,
  info: () => undefined,
  warn: () => undefined,
};

/**
 * Brokers 1, 2 … leading partitions 0, 1 … with kafkajs' own retrier, per-broker locks and sequence bookkeeping;
 * each broker behaves as its test says on its n-th produce request and records what it was sent.
 */
function brokersLeading(behaviours: Record<number, Behaviour>, retries = 3) {
  const ids = Object.keys(behaviours).map(Number);
  const sent: Record<number, Sent[][]> = Object.fromEntries(ids.map((id) => [id, []]));
  const finished: Record<number, number> = Object.fromEntries(ids.map((id) => [id, 0]));
  const brokers = ids.map((nodeId) => ({
    nodeId,
    async produce({ topicData }: { topicData: TopicData[] }) {
      const parts = topicData.flatMap((t) => t.partitions);
      sent[nodeId].push(
        parts.map((p) => ({
          partition: p.partition,
          firstSequence: p.firstSequence,
          count: p.messages.length,
        })),
      );
      try {
        await behaviours[nodeId](sent[nodeId].length);
      } finally {
        finished[nodeId]++;
      }
      const partitions = parts.map((p) => ({ partition: p.partition, errorCode: 0, baseOffset: '0' }));
      return { topics: [{ topicName: TOPIC, partitions }] };
    },
  }));
  const metadata = ids.map((leader) => ({ partitionId: leader - 1, leader }));
  const cluster = {
    refreshMetadataIfNecessary: () => Promise.resolve(),
    refreshMetadata: () => Promise.resolve(),
    addMultipleTargetTopics: () => Promise.resolve(),
    isConnected: () => true,
    removeBroker: () => undefined,
    findTopicPartitionMetadata: () => metadata,
    findLeaderForPartitions: (_topic: string, partitions: string[]) =>
      partitions.reduce<Record<number, number[]>>((byLeader, id) => {
        const leader = metadata[Number(id)].leader;
        (byLeader[leader] ??= []).push(Number(id));
        return byLeader;
      }, {}),
    findBroker: ({ nodeId }: { nodeId: string }) => Promise.resolve(brokers[Number(nodeId) - 1]),
  };
  const sequences = new Map<string, number>();
  const locks = new Map<number, InstanceType<typeof Lock>>();
  const lock = (broker: { nodeId: number }) => {
    if (!locks.has(broker.nodeId)) locks.set(broker.nodeId, new Lock({ timeout: 10_000 }));
    return locks.get(broker.nodeId)!;
  };
  const eosManager = {
    isTransactional: () => true,
    addPartitionsToTransaction: () => Promise.resolve(),
    getTransactionalId: () => 'minsheng-router-appeal.items.v1-0',
    getProducerId: () => 7,
    getProducerEpoch: () => 0,
    getSequence: (topic: string, partition: number) => sequences.get(`${topic}:${partition}`) ?? 0,
    updateSequence: (topic: string, partition: number, by: number) =>
      sequences.set(`${topic}:${partition}`, (sequences.get(`${topic}:${partition}`) ?? 0) + by),
    acquireBrokerLock: (broker: { nodeId: number }) => lock(broker).acquire(),
    releaseBrokerLock: (broker: { nodeId: number }) => lock(broker).release(),
  };
  const options: Options = {
    logger: quiet,
    cluster,
    partitioner: ({ message }: { message: { partition: number } }) => message.partition,
    eosManager,
    retrier: createRetry({ initialRetryTime: 5, retries }),
  };
  return { sent, finished, options, request: requestTo([0, 1, 1, 1]) };
}

function requestTo(partitions: number[]) {
  const messages = partitions.map((partition, i) => ({ key: `k${i}`, value: `v${i}`, partition }));
  return { acks: -1, topicMessages: [{ topic: TOPIC, messages }] };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const refusedOnce: Behaviour = (n) =>
  n === 1
    ? Promise.reject(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9093'))
    : Promise.resolve();
const slow: Behaviour = () => sleep(100);

describe('settledSendMessages', () => {
  it("shows kafkajs' own send appending a slow broker's records twice when another broker fails", async () => {
    const { sent, options, request } = brokersLeading({ 1: refusedOnce, 2: slow });
    await (kafkajsSendMessages(options) as Send)(request);
    // The retry went to broker 2 again while its first request was in flight, under the next sequence numbers.
    expect(sent[2]).toEqual([
      [{ partition: 1, firstSequence: 0, count: 3 }],
      [{ partition: 1, firstSequence: 3, count: 3 }],
    ]);
  });

  it('retries only the broker that failed, under the same sequence numbers', async () => {
    const { sent, options, request } = brokersLeading({ 1: refusedOnce, 2: slow });
    const responses = (await (settledSendMessages(kafkajsSendMessages)(options) as Send)(
      request,
    )) as object[];
    expect(sent[2]).toEqual([[{ partition: 1, firstSequence: 0, count: 3 }]]);
    // The refused request gave its sequence numbers back: a retry the broker had written would be deduplicated.
    expect(sent[1]).toEqual([
      [{ partition: 0, firstSequence: 0, count: 1 }],
      [{ partition: 0, firstSequence: 0, count: 1 }],
    ]);
    expect(responses.map((r) => (r as { partition: number }).partition).sort()).toEqual([0, 1]);
  });

  it('gives up only once no request of the send is in flight', async () => {
    const refused: Behaviour = () => Promise.reject(new KafkaJSConnectionError('Connection error'));
    const { sent, finished, options, request } = brokersLeading({ 1: refused, 2: slow }, 1);
    const failure = (settledSendMessages(kafkajsSendMessages)(options) as Send)(request).then(
      () => undefined,
      (e: Error) => ({ name: e.name, broker2Finished: finished[2] }),
    );
    await expect(failure).resolves.toEqual({ name: 'KafkaJSNumberOfRetriesExceeded', broker2Finished: 1 });
    expect(sent[1]).toHaveLength(2);
    expect(sent[2]).toHaveLength(1);
  });

  it('bails on a non-retriable error only once the slow request is done', async () => {
    const rejected: Behaviour = () => Promise.reject(new KafkaJSNonRetriableError('The producer was fenced'));
    const { finished, options, request } = brokersLeading({ 1: rejected, 2: slow });
    const failure = (settledSendMessages(kafkajsSendMessages)(options) as Send)(request).then(
      () => undefined,
      (e: Error) => ({ message: e.message, broker2Finished: finished[2] }),
    );
    await expect(failure).resolves.toEqual({ message: 'The producer was fenced', broker2Finished: 1 });
  });

  it("does not wait for another send's requests on the same producer", async () => {
    const { options } = brokersLeading({ 1: refusedOnce, 2: slow, 3: () => sleep(2_000) });
    const send = settledSendMessages(kafkajsSendMessages)(options) as Send;
    const order: string[] = [];
    const other = send(requestTo([2])).then(() => order.push('other'));
    await send(requestTo([0, 1])).then(() => order.push('retried'));
    await other;
    expect(order).toEqual(['retried', 'other']);
  });

  it("is what kafkajs' producer sends with under Jest (module map)", async () => {
    const { sent, options, request } = brokersLeading({ 1: refusedOnce, 2: slow });
    const producer = messageProducer({
      ...options,
      idempotent: true,
      getConnectionStatus: () => 'connected',
    });
    await producer.sendBatch(request);
    expect(sent[2]).toHaveLength(1);
  });

  it('is what kafkajs sends with in a Node process that imports @minsheng/shared/read-committed first', () => {
    const root = join(__dirname, '..', '..', '..', '..');
    const script = `
      require(${JSON.stringify(join(root, 'dist', 'libs', 'shared', 'src', 'read-committed', 'index.js'))});
      require('kafkajs');
      process.stdout.write(require('kafkajs/src/producer/sendMessages').name);`;
    const out = execFileSync(process.execPath, ['-e', script], { cwd: root }).toString();
    expect(out).toBe('settledSendMessagesFactory');
  });
});
