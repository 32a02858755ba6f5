import { type Admin, type Kafka, type Producer } from 'kafkajs';
import { StableOffsets } from '@minsheng/shared/kafka';
import { type Logger } from '@minsheng/shared/runtime';

/** What a partition's producer found when it took the partition over. */
export interface PartitionOwner {
  producer: Producer;
  /** The group's committed offset once the previous owner was fenced: nothing below it may be routed again. */
  committed: bigint;
}

export interface PartitionProducerOptions {
  groupId: string;
  /** The deployment's topic prefix; transactional ids carry it so two deployments on one cluster never meet. */
  prefix: string;
  /** The next offset the router itself recorded as published for a partition (-1 for none), decision 039. */
  published: (topic: string, partition: number) => Promise<bigint>;
}

/**
 * One transactional producer per owned input partition, the scheme Kafka used before KIP-447 (which kafkajs does
 * not implement): the transactional id names the partition, not the replica, so whichever replica takes a
 * partition over fences its previous owner when it initialises the producer — the old owner's open transaction is
 * aborted and its later commits fail. Only then is the committed offset read, so it is final: a chunk the old owner
 * committed just before the hand-over is skipped, one it had not is re-read.
 */
export class PartitionProducers {
  private readonly owners = new Map<string, Promise<PartitionOwner>>();
  /** Batches using each producer: a replaced producer is disconnected only once its batch has let go of it. */
  private readonly busy = new Map<Promise<PartitionOwner>, number>();
  private admin?: Promise<Admin>;
  private readonly stable: StableOffsets;
  private warnedUnstable = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly logger: Logger,
    private readonly options: PartitionProducerOptions,
  ) {
    this.stable = new StableOffsets(kafka);
  }

  static transactionalId(prefix: string, topic: string, partition: number): string {
    return `${prefix}minsheng-router-${topic.slice(prefix.length)}-${partition}`;
  }

  /**
   * The partition's producer, created (and the old owner fenced) on first use in this group generation. The batch
   * holds it until done(): disconnecting a producer under a running batch can leave that batch waiting forever,
   * and kafkajs does not start the next generation's batches until the old ones return.
   */
  acquire(topic: string, partition: number): Promise<PartitionOwner> {
    const key = `${topic}:${partition}`;
    let owner = this.owners.get(key);
    if (!owner) {
      owner = this.takeOver(topic, partition);
      this.owners.set(key, owner);
      // A failed take-over is tried afresh on the next batch, not remembered.
      owner.catch(() => this.owners.get(key) === owner && this.owners.delete(key));
    }
    this.busy.set(owner, (this.busy.get(owner) ?? 0) + 1);
    return owner;
  }

  done(owner: Promise<PartitionOwner>): Promise<void> {
    const left = (this.busy.get(owner) ?? 1) - 1;
    if (left > 0) {
      this.busy.set(owner, left);
      return Promise.resolve();
    }
    this.busy.delete(owner);
    return [...this.owners.values()].includes(owner) ? Promise.resolve() : this.disconnect(owner);
  }

  /**
   * A new group generation: every partition is taken over afresh, even one this replica keeps. kafkajs does not
   * wait for the old generation's batches, and it fetched the committed offsets before this replica fenced anyone;
   * a kept producer would let an old batch commit a chunk that the new batch then re-reads and re-publishes.
   */
  async newGeneration(): Promise<void> {
    await Promise.all([...this.owners].map(([key, owner]) => this.release(key, owner)));
  }

  /** False once a rebalance or a failure replaced this owner: its batch stops, the current owner re-reads. */
  isCurrent(topic: string, partition: number, owner: Promise<PartitionOwner>): boolean {
    return this.owners.get(`${topic}:${partition}`) === owner;
  }

  /** After a fenced or failed transaction the producer is unusable; the next batch takes the partition over again. */
  async release(key: string, owner: Promise<PartitionOwner>): Promise<void> {
    if (this.owners.get(key) === owner) this.owners.delete(key);
    if (!this.busy.has(owner)) await this.disconnect(owner);
  }

  private async disconnect(owner: Promise<PartitionOwner>): Promise<void> {
    await owner.then((o) => o.producer.disconnect()).catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    await this.newGeneration();
    await Promise.all([...this.busy.keys()].map((o) => this.disconnect(o)));
    this.busy.clear();
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
    await this.stable.close();
  }

  private async takeOver(topic: string, partition: number): Promise<PartitionOwner> {
    const started = Date.now();
    const producer = this.kafka.producer({
      transactionalId: PartitionProducers.transactionalId(this.options.prefix, topic, partition),
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 30000,
      // The broker answers CONCURRENT_TRANSACTIONS while it finishes the previous commit; kafkajs' usual backoff
      // would idle the partition for hundreds of milliseconds each time (issue 11's figures).
      retry: { initialRetryTime: 20 },
    });
    try {
      await producer.connect(); // InitProducerId: bumps the epoch, aborting the previous owner's open transaction
      // The group's offset can be read stale around a broker failover (no KIP-447 stable fetch in kafkajs): the
      // router's own record of what it committed may be ahead, and then it is the one to trust (decision 039).
      const [group, published] = await Promise.all([
        this.committedOffset(topic, partition),
        this.options.published(topic, partition),
      ]);
      const committed = published > group ? published : group;
      this.logger.info(
        {
          topic,
          partition,
          committed: committed.toString(),
          ...(published > group ? { groupOffset: group.toString() } : {}),
          ms: Date.now() - started,
        },
        published > group ? 'partition taken over; the group offset was behind' : 'partition taken over',
      );
      return { producer, committed };
    } catch (e) {
      await producer.disconnect().catch(() => undefined);
      throw e;
    }
  }

  /** Partition count of each topic, from the cluster's metadata (the output topics' partitioning, decision 032). */
  async partitionCounts(topics: string[]): Promise<Map<string, number>> {
    const { topics: found } = await (await this.connectedAdmin()).fetchTopicMetadata({ topics });
    return new Map(found.map((t) => [t.name, t.partitions.length]));
  }

  private connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      const connected = admin.connect().then(() => admin);
      this.admin = connected;
      connected.catch(() => this.admin === connected && (this.admin = undefined));
    }
    return this.admin;
  }

  /**
   * The group's offset read with the stable fetch, which waits for a completed transaction's offsets to be applied
   * (after a commit whose answer was lost with a broker, decision 039); a plain fetch only on brokers before 2.5.
   */
  private async committedOffset(topic: string, partition: number): Promise<bigint> {
    const stable = await this.stable.committed(this.options.groupId, topic, [partition]);
    if (stable) return stable.get(partition) ?? -1n;
    if (!this.warnedUnstable) {
      this.warnedUnstable = true;
      this.logger.warn(
        { topic },
        'the group coordinator cannot fetch offsets stably (Kafka < 2.5): reading them plainly',
      );
    }
    const [offsets] = await (
      await this.connectedAdmin()
    ).fetchOffsets({ groupId: this.options.groupId, topics: [topic] });
    const found = offsets?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
    return BigInt(found);
  }
}
