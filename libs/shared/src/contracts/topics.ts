/** Topic base names; a deployment (or a test) may prefix them, so always go through topicName(). */
export const TOPICS = {
  items: 'appeal.items.v1',
  routed: 'appeal.routed.v1',
  triage: 'appeal.triage.v1',
  feedback: 'appeal.feedback.v1',
  dlq: 'appeal.dlq.v1',
  /** 督办: due-soon, overdue and escalation events about routed tickets. */
  supervision: 'appeal.supervision.v1',
  /** 热点: topics rising in a county or town beyond their baseline. */
  hotspots: 'appeal.hotspots.v1',
} as const;

export type TopicKey = keyof typeof TOPICS;

/** Items and routed carry the volume and are keyed by item id, so all revisions of an item stay ordered on one partition. */
export const TOPIC_PARTITIONS: Record<TopicKey, number> = {
  items: 6,
  routed: 6,
  triage: 3,
  feedback: 3,
  dlq: 1,
  supervision: 3,
  hotspots: 1,
};

export function topicName(key: TopicKey, prefix = ''): string {
  return `${prefix}${TOPICS[key]}`;
}
