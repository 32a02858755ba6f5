import { randomBytes } from 'node:crypto';
import { type Kafka } from 'kafkajs';

export interface Census {
  /** Distinct records read (by topic, partition and offset: a reader that re-reads after a rebalance counts once). */
  records: number;
  /** Records per item id and decision revision: exactly once means every value is 1. */
  perDecision: Map<string, number>;
  /** Item ids with at least one output. */
  ids: Set<string>;
  /** Where each copy of a decision published more than once sits (topic:partition:offset@timestamp), for the report. */
  copies: Map<string, string[]>;
}

/**
 * Reads the router's output topics from the beginning with a fresh read_committed consumer, as a downstream system
 * would, until every expected item has an output and nothing more came for `settleMs` (a late duplicate would
 * have), or nothing at all came for `quietMs` (an item is missing), or `timeoutMs` passed.
 */
export async function readOutputs(
  kafka: Kafka,
  topics: string[],
  expected: ReadonlySet<string>,
  opts: { settleMs: number; quietMs: number; timeoutMs: number },
): Promise<Census> {
  const positions = new Set<string>();
  const perDecision = new Map<string, number>();
  const ids = new Set<string>();
  const where = new Map<string, string[]>();
  let last = Date.now();
  const consumer = kafka.consumer({
    groupId: `chaos-census-${randomBytes(4).toString('hex')}`,
    readUncommitted: false,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ topic, partition, message }) => {
        const position = `${topic}:${partition}:${message.offset}`;
        if (positions.has(position)) return Promise.resolve();
        positions.add(position);
        last = Date.now();
        const key = message.key?.toString('utf8') ?? '';
        const revision = message.headers?.decisionRevision?.toString() ?? '?';
        ids.add(key);
        const decision = `${key}#${revision}`;
        perDecision.set(decision, (perDecision.get(decision) ?? 0) + 1);
        where.set(decision, [...(where.get(decision) ?? []), `${position}@${message.timestamp}`]);
        return Promise.resolve();
      },
    });
    const started = Date.now();
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      const quiet = Date.now() - last;
      const complete = [...expected].every((id) => ids.has(id));
      if (complete && quiet >= opts.settleMs) break;
      if (quiet >= opts.quietMs && positions.size > 0) break;
      if (Date.now() - started > opts.timeoutMs) break;
    }
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
  const copies = new Map([...where].filter(([, at]) => at.length > 1));
  return { records: positions.size, perDecision, ids, copies };
}
