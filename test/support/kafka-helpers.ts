import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { topicName, type TopicKey } from '../../libs/shared/src/contracts';
import { TEST_KAFKA_BROKERS } from './paths';

export function uniquePrefix(label: string): string {
  return `t-${label}-${randomBytes(3).toString('hex')}.`;
}

export function testKafka(brokers = TEST_KAFKA_BROKERS): Kafka {
  return new Kafka({ clientId: 'minsheng-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
}

/** Publishes one JSON message on its own producer, as an upstream system would: for specs that feed the router. */
export async function publishJson(
  kafka: Kafka,
  prefix: string,
  topic: TopicKey,
  key: string,
  value: unknown,
): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: topicName(topic, prefix), messages: [{ key, value: JSON.stringify(value) }] });
  await producer.disconnect();
}

export interface Received {
  topic: TopicKey;
  key: string;
  value: string;
  partition: number;
  offset: string;
}

/** A read_committed consumer, as a downstream system would run it, recording everything it sees. */
export class Collector {
  readonly messages: Received[] = [];
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly prefix: string,
    private readonly topics: TopicKey[],
  ) {}

  async start(): Promise<void> {
    this.consumer = this.kafka.consumer({
      groupId: `${this.prefix}collector-${randomBytes(3).toString('hex')}`,
      readUncommitted: false,
    });
    await this.consumer.connect();
    const byName = new Map(this.topics.map((t) => [topicName(t, this.prefix), t]));
    await this.consumer.subscribe({ topics: [...byName.keys()], fromBeginning: true });
    await this.consumer.run({
      eachMessage: ({ topic, partition, message }) => {
        this.messages.push({
          topic: byName.get(topic) as TopicKey,
          key: message.key?.toString('utf8') ?? '',
          value: message.value?.toString('utf8') ?? '',
          partition,
          offset: message.offset,
        });
        return Promise.resolve();
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/** Sum of high watermarks: how many records a topic holds (committed, aborted and markers alike). */
export async function topicEndOffsets(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 120000,
  stepMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** How many times each key was seen: exactly-once means every value is 1. */
export function countByKey(messages: readonly Received[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) counts.set(m.key, (counts.get(m.key) ?? 0) + 1);
  return counts;
}

/** Test topics are throw-away; deleting them keeps a long-lived developer broker small. */
export async function deleteTopics(kafka: Kafka, prefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length) await admin.deleteTopics({ topics, timeout: 10000 });
  } finally {
    await admin.disconnect();
  }
}
