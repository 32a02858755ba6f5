import { type Kafka } from 'kafkajs';
import { TOPIC_PARTITIONS, TOPICS, topicName, type TopicKey } from '../contracts/topics';

/** Creates the hub's topics with their partition counts when missing; safe to call from every process at boot. */
export async function ensureTopics(kafka: Kafka, prefix: string): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = (Object.keys(TOPICS) as TopicKey[])
      .map((key) => ({
        topic: topicName(key, prefix),
        numPartitions: TOPIC_PARTITIONS[key],
        replicationFactor: 1,
      }))
      .filter((t) => !existing.has(t.topic));
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
