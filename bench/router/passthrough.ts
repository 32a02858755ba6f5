import { type Kafka, type KafkaMessage } from 'kafkajs';

/**
 * The baseline the router is measured against: the same consumer settings and the same chunked
 * consume → produce → sendOffsets → commit transactions, with no routing and no database.
 */
export async function runPassthrough(
  kafka: Kafka,
  opts: { input: string; output: string; groupId: string; chunk: number; expected: number },
): Promise<void> {
  const producer = kafka.producer({
    transactionalId: `${opts.groupId}-tx`,
    idempotent: true,
    maxInFlightRequests: 1,
    retry: { initialRetryTime: 20 },
  });
  await producer.connect();
  const consumer = kafka.consumer({
    groupId: opts.groupId,
    readUncommitted: false,
    maxBytesPerPartition: 512 * 1024,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: opts.input, fromBeginning: true });
  let done = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const commitChunk = async (partition: number, messages: KafkaMessage[]) => {
    const txn = await producer.transaction();
    await txn.send({ topic: opts.output, messages: messages.map((m) => ({ key: m.key, value: m.value })) });
    const next = (BigInt(messages[messages.length - 1].offset) + 1n).toString();
    await txn.sendOffsets({
      consumerGroupId: opts.groupId,
      topics: [{ topic: opts.input, partitions: [{ partition, offset: next }] }],
    });
    await txn.commit();
  };
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async (payload) => {
      const { batch } = payload;
      for (let i = 0; i < batch.messages.length; i += opts.chunk) {
        const chunk = batch.messages.slice(i, i + opts.chunk);
        await commitChunk(batch.partition, chunk);
        payload.resolveOffset(chunk[chunk.length - 1].offset);
        await payload.heartbeat();
        done += chunk.length;
        if (done >= opts.expected) finish();
      }
    },
  });
  await finished;
  await consumer.disconnect();
  await producer.disconnect();
}
