import { Partitioners, type PartitionMetadata, type RecordMetadata } from 'kafkajs';

/**
 * kafkajs 2.2.4 can resolve a send that never reached some partitions: when one broker's produce request fails it
 * refreshes the metadata and retries, but skips every broker that already answered, so messages whose partition
 * just moved to one of those brokers are dropped silently (decision 032). The router therefore names each output's
 * partition itself and checks that the send's result covers every partition it targeted; a transaction missing
 * one is aborted and the chunk re-read, instead of committing its offsets without those tickets.
 */

/** kafkajs' own default partitioner (murmur2 of the key, positive, modulo the partition count), used as is. */
const defaultPartitioner = Partitioners.DefaultPartitioner();
const metadataCache = new Map<number, PartitionMetadata[]>();

function metadataOf(count: number): PartitionMetadata[] {
  let metadata = metadataCache.get(count);
  if (!metadata) {
    metadata = Array.from({ length: count }, (_, partitionId) => ({
      partitionErrorCode: 0,
      partitionId,
      leader: 0,
      replicas: [0],
      isr: [0],
    }));
    metadataCache.set(count, metadata);
  }
  return metadata;
}

/** The partition kafkajs' default partitioner gives this key on a topic of `count` partitions: ordering per key kept. */
export function keyPartition(topic: string, key: string, count: number): number {
  if (!Number.isInteger(count) || count < 1) throw new Error(`topic ${topic} has no partitions (${count})`);
  return defaultPartitioner({ topic, partitionMetadata: metadataOf(count), message: { key, value: null } });
}

/** A send resolved without acknowledging every partition it was given. */
export class IncompleteSendError extends Error {
  constructor(readonly problems: string[]) {
    super(`send did not acknowledge every targeted partition: ${problems.join(', ')}`);
    this.name = 'IncompleteSendError';
  }
}

/**
 * What is wrong with a send's result, given the topic-partitions its messages targeted: a targeted partition that
 * is missing, acknowledged more than once, acknowledged with an error, or a partition that was not targeted.
 * Empty when the result is exactly one clean acknowledgement per targeted partition.
 */
export function sendResultProblems(targeted: Iterable<string>, result: RecordMetadata[]): string[] {
  const seen = new Map<string, number>();
  const problems: string[] = [];
  for (const r of result) {
    const tp = `${r.topicName}:${r.partition}`;
    seen.set(tp, (seen.get(tp) ?? 0) + 1);
    if (r.errorCode !== 0) problems.push(`${tp} error ${r.errorCode}`);
  }
  const wanted = new Set(targeted);
  for (const tp of wanted) {
    const n = seen.get(tp) ?? 0;
    if (n === 0) problems.push(`${tp} missing`);
    else if (n > 1) problems.push(`${tp} acknowledged ${n} times`);
  }
  for (const tp of seen.keys()) if (!wanted.has(tp)) problems.push(`${tp} not targeted`);
  return problems;
}

/** Throws IncompleteSendError when the result does not acknowledge exactly the targeted partitions. */
export function assertSendComplete(targeted: Iterable<string>, result: RecordMetadata[]): void {
  const problems = sendResultProblems(targeted, result);
  if (problems.length) throw new IncompleteSendError(problems);
}

/**
 * Partition counts of the output topics, read from the cluster's metadata when first needed and again after
 * `maxAgeMs` (partitions can be added) or after a send that did not add up.
 */
export class OutputPartitionCounts {
  private counts?: Promise<Map<string, number>>;
  private readAt = 0;

  constructor(
    private readonly fetch: (topics: string[]) => Promise<Map<string, number>>,
    private readonly topics: string[],
    private readonly maxAgeMs = 30000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<Map<string, number>> {
    if (!this.counts || this.now() - this.readAt > this.maxAgeMs) {
      this.readAt = this.now();
      const counts = this.fetch(this.topics);
      this.counts = counts;
      counts.catch(() => this.counts === counts && (this.counts = undefined));
    }
    return this.counts;
  }

  invalidate(): void {
    this.counts = undefined;
  }
}
