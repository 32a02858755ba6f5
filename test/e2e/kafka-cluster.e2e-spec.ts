import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { KafkaCluster } from '../support/kafka-cluster';
import { waitFor } from '../support/kafka-helpers';

/**
 * `scripts/kafka.sh cluster`: three KRaft nodes on 127.0.0.1. A topic at RF 3 / min.insync 2 keeps taking acks=-1
 * writes and serving reads after one node is SIGKILLed, and loses none of what it acknowledged.
 */
describe('three-node Kafka cluster (scripts/kafka.sh cluster)', () => {
  const cluster = new KafkaCluster(21092);
  const topic = `cluster-test.${randomBytes(3).toString('hex')}`;
  const started = Date.now();
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    await cluster.up();
    kafka = new Kafka({
      clientId: 'cluster-test',
      brokers: cluster.brokers.split(','),
      logLevel: logLevel.NOTHING,
      retry: { initialRetryTime: 200, retries: 12, maxRetryTime: 3000 },
    });
  });

  afterAll(async () => {
    await producer?.disconnect().catch(() => undefined);
    await cluster.destroy();
    expect(await cluster.status()).toBe(3);
  });

  const send = async (from: number, count: number) => {
    const messages = Array.from({ length: count }, (_, i) => ({
      key: `k${from + i}`,
      value: `v${from + i}`,
    }));
    await producer.send({ topic, acks: -1, messages });
  };

  /** Everything on the topic, read from the start by a fresh group. */
  const readAll = async (expected: number): Promise<string[]> => {
    const seen: string[] = [];
    const consumer = kafka.consumer({ groupId: `${topic}.reader-${randomBytes(3).toString('hex')}` });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => {
          seen.push(message.value?.toString('utf8') ?? '');
          return Promise.resolve();
        },
      });
      await waitFor(`${expected} messages`, () => seen.length >= expected, 45_000);
      // A moment longer, so a duplicate would have arrived too.
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      await consumer.disconnect();
    }
    return seen;
  };

  it('replicates to three nodes and survives SIGKILL of a partition leader', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic,
            numPartitions: 3,
            replicationFactor: 3,
            configEntries: [{ name: 'min.insync.replicas', value: '2' }],
          },
        ],
      });
      const [meta] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
      expect(meta.partitions).toHaveLength(3);
      for (const p of meta.partitions) {
        expect([...p.replicas].sort()).toEqual([1, 2, 3]);
        expect(p.isr).toHaveLength(3);
      }
      const [config] = (
        await admin.describeConfigs({
          includeSynonyms: false,
          resources: [{ type: 2, name: topic, configNames: ['min.insync.replicas'] }],
        })
      ).resources;
      expect(config.configEntries[0].configValue).toBe('2');

      producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      await send(0, 300);

      const victim = meta.partitions.find((p) => p.partitionId === 0)!.leader;
      await cluster.kill(victim);
      expect(await cluster.status()).toBe(1);

      // Two in-sync replicas remain, which min.insync.replicas=2 accepts for acks=-1.
      const afterKill = Date.now();
      await send(300, 300);
      const failoverSeconds = (Date.now() - afterKill) / 1000;

      const [after] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
      for (const p of after.partitions) expect(p.leader).not.toBe(victim);

      const seen = await readAll(600);
      expect(seen).toHaveLength(600);
      expect(new Set(seen).size).toBe(600);
      // Recorded for the closing note: how long the first acks=-1 send after the kill waited for a new leader.
      process.stdout.write(
        `${JSON.stringify({ victim, failoverSeconds, seconds: (Date.now() - started) / 1000 })}\n`,
      );
    } finally {
      await admin.disconnect();
    }
  });
});
