import { type Kafka, type Producer } from 'kafkajs';
import pino from 'pino';
import { type DataSource } from 'typeorm';
import { type RunResult } from '../../apps/connectors/src/framework/pull-runner';
import { OutboxRelay } from '../../apps/connectors/src/outbox/outbox-relay';
import { topicName } from '../../libs/shared/src/contracts';
import { createDataSource } from '../../libs/shared/src/db';
import { OutboxRepository } from '../../libs/shared/src/ingest';
import { ensureTopics } from '../../libs/shared/src/kafka';
import { inProcessPull } from './in-process-pull';
import { deleteTopics, testKafka, topicEndOffsets, uniquePrefix } from './kafka-helpers';
import { createTestDatabase, type TestDatabase } from './test-database';

export const CHANNEL_PULL_PII_KEY = 'e2e-channel-pii-key';

/** A run that was not skipped (the only instance of a test is never locked elsewhere). */
export type FinishedRun = Exclude<RunResult, { status: 'skipped' }>;

/**
 * The connectors' pull path in-process, against a real database clone and real Kafka: the registry, the ingest
 * repository and the pull runner write items and outbox rows; an outbox relay on an idempotent producer publishes
 * them under a topic prefix of the test's own.
 */
export interface ChannelPull {
  db: TestDatabase;
  ds: DataSource;
  kafka: Kafka;
  prefix: string;
  piiHashKey: string;
  addInstance(id: string, type: string, config: Record<string, unknown>): Promise<void>;
  /** One pull of the instance, as the scheduler would run it. */
  pull(id: string): Promise<FinishedRun>;
  /** relayOnce() until it sends nothing; returns how many rows were published. */
  relayAll(): Promise<number>;
  /** Records on the prefixed topic (sum of high watermarks). */
  topicRecords(key?: 'items' | 'dlq'): Promise<number>;
  outboxRows(topic?: string): Promise<number>;
  close(): Promise<void>;
}

export async function startChannelPull(label: string): Promise<ChannelPull> {
  const db = await createTestDatabase(label);
  const prefix = uniquePrefix(label);
  const kafka = testKafka();
  const ds = createDataSource(db.url, { poolSize: 4, applicationName: `e2e-${label}` });
  let producer: Producer | undefined;
  try {
    await ensureTopics(kafka, prefix);
    await ds.initialize();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  } catch (e) {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
    await deleteTopics(kafka, prefix).catch(() => undefined);
    throw e;
  }
  const puller = await inProcessPull(ds, {
    http: { timeoutMs: 3000, retries: 2, baseBackoffMs: 50 },
    piiHashKey: CHANNEL_PULL_PII_KEY,
    secretsKey: 'channel-pull-secrets-key',
  });
  const relay = new OutboxRelay(
    new OutboxRepository(ds),
    producer,
    { batchSize: 100, pollMs: 100, topicPrefix: prefix },
    pino({ level: 'silent' }),
  );

  return {
    db,
    ds,
    kafka,
    prefix,
    piiHashKey: CHANNEL_PULL_PII_KEY,
    addInstance: (id, type, config) => puller.addInstance({ id, type, name: `${type} ${id}`, config }),
    async pull(id) {
      const result = await puller.pull(id);
      if (result.status === 'skipped') throw new Error(`pull of ${id} skipped: ${result.reason}`);
      return result;
    },
    async relayAll() {
      let total = 0;
      for (;;) {
        const sent = await relay.relayOnce();
        if (sent === 0) return total;
        total += sent;
      }
    },
    topicRecords: (key = 'items') => topicEndOffsets(kafka, topicName(key, prefix)),
    async outboxRows(topic) {
      const [{ n }] = await db.query<{ n: string }>(
        topic
          ? `SELECT count(*) AS n FROM outbox WHERE topic = $1`
          : `SELECT count(*) AS n FROM outbox WHERE $1::text IS NULL`,
        [topic ?? null],
      );
      return Number(n);
    },
    async close() {
      await producer?.disconnect().catch(() => undefined);
      await ds.destroy().catch(() => undefined);
      await db.drop();
      await deleteTopics(kafka, prefix).catch(() => undefined);
    },
  };
}
