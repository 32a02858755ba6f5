import { type ITopicConfig, type Kafka } from 'kafkajs';
import { TOPIC_PARTITIONS, TOPICS, topicName, type TopicKey } from '../contracts/topics';

/**
 * Creates the given topics when missing and returns the names it created; safe to call from every process at boot
 * (the broker does not auto-create topics: a topic gets its partition count from us, never from a broker default).
 */
export async function createMissingTopics(kafka: Kafka, topics: ITopicConfig[]): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length) {
      try {
        await admin.createTopics({ topics: missing, waitForLeaders: true });
      } catch (e) {
        // Another process may have created them in between.
        if (!String((e as Error).message).includes('already exists')) throw e;
      }
    }
    return missing.map((t) => t.topic);
  } finally {
    await admin.disconnect();
  }
}

/** The hub's data topics with their partition counts. */
export function ensureTopics(kafka: Kafka, prefix: string): Promise<string[]> {
  return createMissingTopics(
    kafka,
    (Object.keys(TOPICS) as TopicKey[]).map((key) => ({
      topic: topicName(key, prefix),
      numPartitions: TOPIC_PARTITIONS[key],
      replicationFactor: 1,
    })),
  );
}
