import { type Admin, type Kafka, type Producer } from 'kafkajs';
import { StableOffsets } from '../../libs/shared/src/kafka/stable-offsets';
import { deleteTopics, testKafka, uniquePrefix } from '../support/kafka-helpers';

/**
 * Decision 039: a transaction's offsets are pending in the group coordinator between the commit and the moment it
 * applies them, and kafkajs' own fetch then reads the offset from before. The stable fetch (OffsetFetch v7,
 * require_stable) waits them out. Shown on the real broker with a transaction left open on purpose.
 */
describe('stable offset fetch (OffsetFetch v7, require_stable)', () => {
  const prefix = uniquePrefix('stable');
  const topic = `${prefix}in`;
  const groupId = `${prefix}group`;
  let kafka: Kafka;
  let admin: Admin;
  const producers: Producer[] = [];
  let transactions = 0;
  const retries: number[] = [];
  let stable: StableOffsets;

  const offsets = (partition: number, offset: string) => ({
    consumerGroupId: groupId,
    topics: [{ topic, partitions: [{ partition, offset }] }],
  });

  /**
   * A transaction that commits `offset` for `partition` and is left open. Each has its own producer: the broker
   * answers CONCURRENT_TRANSACTIONS to a producer's next transaction while it still finishes the last one.
   */
  const pending = async (partition: number, offset: string) => {
    const producer = kafka.producer({
      transactionalId: `${prefix}tx-${++transactions}`,
      maxInFlightRequests: 1,
    });
    producers.push(producer);
    await producer.connect();
    const tx = await producer.transaction();
    await tx.sendOffsets(offsets(partition, offset));
    return tx;
  };

  /** Resolves when `promise` settled, or after `ms` with 'pending'. */
  const within = <T>(promise: Promise<T>, ms: number) =>
    Promise.race([promise, new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms))]);

  beforeAll(async () => {
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    stable = new StableOffsets(kafka, {
      timeoutMs: 30000,
      sleep: (ms) => {
        retries.push(ms);
        return new Promise((r) => setTimeout(r, ms));
      },
    });
  });

  afterAll(async () => {
    await stable?.close();
    await Promise.all(producers.map((p) => p.disconnect()));
    await admin?.disconnect();
    await deleteTopics(testKafka(), prefix);
  });

  it('reads committed offsets, and -1 where the group has none', async () => {
    const tx = await pending(0, '5');
    await tx.commit();
    expect(await stable.committed(groupId, topic, [0, 1])).toEqual(
      new Map([
        [0, 5n],
        [1, -1n],
      ]),
    );
  });

  it("waits for an open transaction's offsets where kafkajs' fetch reads the old one", async () => {
    const tx = await pending(0, '9');
    retries.length = 0;
    const fetched = stable.committed(groupId, topic, [0, 1]);
    expect(await within(fetched, 1500)).toBe('pending');
    expect(retries.length).toBeGreaterThan(2); // UNSTABLE_OFFSET_COMMIT, asked again

    const [plain] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(plain.partitions.find((p) => p.partition === 0)?.offset).toBe('5');

    await tx.commit();
    expect(await fetched).toEqual(
      new Map([
        [0, 9n],
        [1, -1n],
      ]),
    );
  });

  it('reads the earlier offset once the open transaction is aborted', async () => {
    const tx = await pending(1, '4');
    const fetched = stable.committed(groupId, topic, [1]);
    expect(await within(fetched, 800)).toBe('pending');
    await tx.abort();
    expect(await fetched).toEqual(new Map([[1, -1n]]));
  });

  it('gives up with the reason once its time is over', async () => {
    const impatient = new StableOffsets(kafka, { timeoutMs: 300 });
    const tx = await pending(0, '12');
    try {
      await expect(impatient.committed(groupId, topic, [0])).rejects.toThrow(
        /did not settle in 300 ms: UNSTABLE_OFFSET_COMMIT/,
      );
    } finally {
      await tx.abort();
      await impatient.close();
    }
  });
});
