import { type Admin, type ITopicConfig, type Kafka } from 'kafkajs';
import { TOPIC_PARTITIONS, TOPICS, topicName, type TopicKey } from '../contracts/topics';

const LEADER_NOT_YET = ['does not host this topic-partition', 'no leader', 'LEADER_NOT_AVAILABLE'];

/** Polls the topics' metadata until every partition has a leader, for at most about ten seconds. */
async function waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
  let last = 'partitions without a leader';
  for (let attempt = 0; attempt < 40; attempt += 1) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      if (meta.length === topics.length && meta.every((t) => t.partitions.every((p) => p.leader >= 0)))
        return;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`topics ${topics.join(', ')} have no leader yet: ${last}`);
}

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
        const message = String((e as Error).message);
        // Another process may have created them in between.
        if (message.includes('already exists')) return missing.map((t) => t.topic);
        // kafkajs' leader wait can ask a broker before the new partitions' metadata reached it (kafkajs #1222).
        if (!LEADER_NOT_YET.some((s) => message.includes(s))) throw e;
        await waitForLeaders(
          admin,
          missing.map((t) => t.topic),
        );
      }
    }
    return missing.map((t) => t.topic);
  } finally {
    await admin.disconnect();
  }
}

/** How the topics the apps create are replicated (KAFKA_REPLICATION_FACTOR, KAFKA_MIN_INSYNC_REPLICAS). */
export interface TopicReplication {
  replicationFactor: number;
  minInsyncReplicas: number;
}

/** A single broker's: what development, the tests and the demo run. */
export const SINGLE_BROKER: TopicReplication = { replicationFactor: 1, minInsyncReplicas: 1 };

/**
 * The hub's data topics with their partition counts and replication. Only missing topics are created: an existing
 * topic keeps its settings (on a cluster, change them with kafka-configs / a reassignment, never by a restart).
 */
export function ensureTopics(
  kafka: Kafka,
  prefix: string,
  replication: TopicReplication = SINGLE_BROKER,
): Promise<string[]> {
  return createMissingTopics(
    kafka,
    (Object.keys(TOPICS) as TopicKey[]).map((key) => ({
      topic: topicName(key, prefix),
      numPartitions: TOPIC_PARTITIONS[key],
      replicationFactor: replication.replicationFactor,
      configEntries: [{ name: 'min.insync.replicas', value: String(replication.minInsyncReplicas) }],
    })),
  );
}

/** The replication the configuration asks for. */
export function topicReplication(config: {
  KAFKA_REPLICATION_FACTOR: number;
  KAFKA_MIN_INSYNC_REPLICAS: number;
}): TopicReplication {
  return {
    replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    minInsyncReplicas: config.KAFKA_MIN_INSYNC_REPLICAS,
  };
}
