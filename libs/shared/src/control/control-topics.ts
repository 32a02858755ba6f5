import { type ITopicConfig, type Kafka } from 'kafkajs';
import { createMissingTopics, SINGLE_BROKER, type TopicReplication } from '../kafka/ensure-topics';

/**
 * The control plane's request patterns. Under Nest's Kafka transport a pattern is the topic the request goes to, and
 * `<topic>.reply` the topic its answers come back on; both get KAFKA_TOPIC_PREFIX like every topic of the hub.
 */
export const CONTROL_PATTERNS = {
  /** Fetch and parse a sample with a saved instance's config or a config under test. */
  check: 'minsheng.control.connectors.check',
  /** Serve an instance's recorded "run now" request at once. */
  runNow: 'minsheng.control.connectors.run-now',
  /** What only the running process knows about an instance: a pull in flight, its next fire time, circuits. */
  liveStatus: 'minsheng.control.connectors.live-status',
  /** Route stored items with a rule-set version and with the published one; report the difference. */
  simulate: 'minsheng.control.router.simulate',
  /** Train a candidate model from the decided tickets now (on a worker thread of the router that takes it). */
  trainModel: 'minsheng.control.router.train-model',
  /** Route stored items with a model version and with the published one; report the difference. */
  simulateModel: 'minsheng.control.router.simulate-model',
} as const;

export type ControlPattern = (typeof CONTROL_PATTERNS)[keyof typeof CONTROL_PATTERNS];
export type ControlTarget = 'connectors' | 'router';

export const CONTROL_TARGET: Record<ControlPattern, ControlTarget> = {
  [CONTROL_PATTERNS.check]: 'connectors',
  [CONTROL_PATTERNS.runNow]: 'connectors',
  [CONTROL_PATTERNS.liveStatus]: 'connectors',
  [CONTROL_PATTERNS.simulate]: 'router',
  [CONTROL_PATTERNS.trainModel]: 'router',
  [CONTROL_PATTERNS.simulateModel]: 'router',
};

/** The consumer group of each answering app: all its replicas share it, so exactly one takes a request. */
export const CONTROL_GROUP: Record<ControlTarget, string> = {
  connectors: 'minsheng-connectors-control',
  router: 'minsheng-router-control',
};

/** Requests spread over these partitions, so replicas share the work; answers go to one partition (see 015). */
const REQUEST_PARTITIONS = 3;
/** A request is worthless once its asker has given up (minutes at most): keep an hour, in hour-long segments. */
const SHORT_LIVED = [
  { name: 'retention.ms', value: String(3_600_000) },
  { name: 'segment.ms', value: String(3_600_000) },
];

export function controlTopic(pattern: ControlPattern, prefix: string): string {
  return `${prefix}${pattern}`;
}

/** Nest's ClientKafka listens for the answers to `<topic>` on `<topic>.reply`. */
export function replyTopic(topic: string): string {
  return `${topic}.reply`;
}

export function controlTopicConfigs(
  prefix: string,
  target?: ControlTarget,
  replication: TopicReplication = SINGLE_BROKER,
): ITopicConfig[] {
  return (Object.values(CONTROL_PATTERNS) as ControlPattern[])
    .filter((p) => !target || CONTROL_TARGET[p] === target)
    .flatMap((p) => [
      { topic: controlTopic(p, prefix), numPartitions: REQUEST_PARTITIONS },
      { topic: replyTopic(controlTopic(p, prefix)), numPartitions: 1 },
    ])
    .map((t) => ({
      ...t,
      replicationFactor: replication.replicationFactor,
      configEntries: [
        ...SHORT_LIVED,
        { name: 'min.insync.replicas', value: String(replication.minInsyncReplicas) },
      ],
    }));
}

/** The control topics (of one answering app, or all of them), created when missing. */
export function ensureControlTopics(
  kafka: Kafka,
  prefix: string,
  target?: ControlTarget,
  replication?: TopicReplication,
): Promise<string[]> {
  return createMissingTopics(kafka, controlTopicConfigs(prefix, target, replication));
}
