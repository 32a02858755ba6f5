import { type Kafka } from 'kafkajs';
import {
  decodeOffsetFetchV7,
  encodeOffsetFetchV7,
  OFFSET_FETCH_API_KEY,
  OFFSET_FETCH_STABLE_VERSION,
  type OffsetFetchV7Response,
} from './offset-fetch-v7';

/*
 * A group's committed offsets read with KIP-447's stable fetch: the coordinator answers UNSTABLE_OFFSET_COMMIT while
 * a transaction's offsets for the partition are pending, and reads its latest state rather than what was last
 * replicated, so an offset committed by a transaction that has completed is never read stale — also not just after
 * the coordinator moved in a failover (decision 039). kafkajs 2.2.4 has neither the request nor a public way to
 * send one, so this reaches into its cluster (a private factory on the Kafka object) and a coordinator broker's
 * connection pool; `KafkaJSInternalsError` says so plainly if a kafkajs upgrade moved them.
 */

interface InternalRequest {
  request: { apiKey: number; apiVersion: number; apiName: string; encode: () => Promise<unknown> };
  response: { decode: (payload: Buffer) => Promise<unknown>; parse: (decoded: unknown) => Promise<unknown> };
}

interface InternalBroker {
  versions?: Record<number, { minVersion: number; maxVersion: number } | undefined>;
  connectionPool: { send: (request: InternalRequest) => Promise<unknown> };
}

interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  findGroupCoordinator(args: { groupId: string }): Promise<InternalBroker>;
}

type KafkaEncoder = new () => { writeBuffer(b: Buffer): unknown };

export class KafkaJSInternalsError extends Error {
  constructor(what: string) {
    super(`kafkajs internals changed (${what}); the stable offset fetch (decision 039) needs updating`);
    this.name = 'KafkaJSInternalsError';
  }
}

/** Answers that clear by themselves: a pending transaction, a coordinator loading or moving. */
const RETRIABLE_CODES = new Map([
  [88, 'UNSTABLE_OFFSET_COMMIT'],
  [14, 'COORDINATOR_LOAD_IN_PROGRESS'],
  [15, 'COORDINATOR_NOT_AVAILABLE'],
  [16, 'NOT_COORDINATOR'],
]);

export class OffsetFetchError extends Error {
  constructor(
    readonly code: number,
    detail: string,
  ) {
    super(`OffsetFetch failed with error code ${code}: ${detail}`);
    this.name = 'OffsetFetchError';
  }
}

export interface StableOffsetOptions {
  /** How long a fetch keeps retrying retriable answers before it gives up. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

function createCluster(kafka: Kafka): InternalCluster {
  const key = Object.getOwnPropertySymbols(kafka).find(
    (s) => s.description === 'private:Kafka:createCluster',
  );
  const factory = key && (kafka as unknown as Record<symbol, unknown>)[key];
  if (typeof factory !== 'function') throw new KafkaJSInternalsError('no private:Kafka:createCluster');
  return (factory as (o: object) => InternalCluster)({});
}

function isRetriable(e: unknown): boolean {
  const err = e as { retriable?: boolean; name?: string; code?: string };
  return (
    err.retriable === true ||
    ['KafkaJSConnectionError', 'KafkaJSRequestTimeoutError', 'KafkaJSConnectionClosedError'].includes(
      err.name ?? '',
    ) ||
    err.code === 'ECONNREFUSED'
  );
}

export class StableOffsets {
  private cluster?: Promise<InternalCluster>;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly kafka: Kafka,
    options: StableOffsetOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 60000;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /**
   * The group's committed offset of each partition (-1 for none), or undefined when the coordinator is older than
   * Kafka 2.5 and cannot answer a stable fetch (the caller then falls back to a plain one).
   */
  async committed(
    groupId: string,
    topic: string,
    partitions: number[],
  ): Promise<Map<number, bigint> | undefined> {
    const deadline = Date.now() + this.timeoutMs;
    for (let attempt = 0; ; attempt++) {
      let reason: string;
      try {
        const cluster = await this.connected();
        const broker = await cluster.findGroupCoordinator({ groupId });
        if (!broker.versions) throw new KafkaJSInternalsError('a coordinator broker without api versions');
        if ((broker.versions[OFFSET_FETCH_API_KEY]?.maxVersion ?? 0) < OFFSET_FETCH_STABLE_VERSION)
          return undefined;
        const answer = await this.send(broker, groupId, topic, partitions);
        const codes = [
          answer.errorCode,
          ...answer.topics.flatMap((t) => t.partitions.map((p) => p.errorCode)),
        ];
        const failed = codes.filter((c) => c !== 0);
        if (failed.length === 0) return offsetsOf(answer, topic, partitions);
        const fatal = failed.find((c) => !RETRIABLE_CODES.has(c));
        if (fatal !== undefined) throw new OffsetFetchError(fatal, `group ${groupId}, topic ${topic}`);
        reason = [...new Set(failed.map((c) => RETRIABLE_CODES.get(c)))].join(', ');
      } catch (e) {
        if (!isRetriable(e)) throw e;
        reason = (e as Error).message;
        await this.cluster?.then((c) => c.refreshMetadata()).catch(() => undefined);
      }
      if (Date.now() >= deadline)
        throw new Error(
          `stable offset fetch of group ${groupId} did not settle in ${this.timeoutMs} ms: ${reason}`,
        );
      await this.sleep(Math.min(25 * 2 ** attempt, 1000));
    }
  }

  async close(): Promise<void> {
    const cluster = this.cluster;
    this.cluster = undefined;
    await cluster?.then((c) => c.disconnect()).catch(() => undefined);
  }

  private connected(): Promise<InternalCluster> {
    if (!this.cluster) {
      const cluster = createCluster(this.kafka);
      const connected = cluster.connect().then(() => cluster);
      this.cluster = connected;
      connected.catch(() => this.cluster === connected && (this.cluster = undefined));
    }
    return this.cluster;
  }

  private async send(
    broker: InternalBroker,
    groupId: string,
    topic: string,
    partitions: number[],
  ): Promise<OffsetFetchV7Response> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Encoder = require('kafkajs/src/protocol/encoder') as KafkaEncoder;
    const body = encodeOffsetFetchV7(groupId, [{ topic, partitions }], true);
    return (await broker.connectionPool.send({
      request: {
        apiKey: OFFSET_FETCH_API_KEY,
        apiVersion: OFFSET_FETCH_STABLE_VERSION,
        apiName: 'OffsetFetch',
        encode: () => Promise.resolve(new Encoder().writeBuffer(body)),
      },
      response: {
        decode: (payload) => Promise.resolve(decodeOffsetFetchV7(payload)),
        parse: (decoded) => Promise.resolve(decoded),
      },
    })) as OffsetFetchV7Response;
  }
}

function offsetsOf(answer: OffsetFetchV7Response, topic: string, partitions: number[]): Map<number, bigint> {
  const found = new Map(
    answer.topics
      .filter((t) => t.topic === topic)
      .flatMap((t) => t.partitions.map((p) => [p.partition, p.offset])),
  );
  return new Map(partitions.map((p) => [p, found.get(p) ?? -1n]));
}
