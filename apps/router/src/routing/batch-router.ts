import { type KafkaMessage } from 'kafkajs';
import {
  appealItemV1Schema,
  type DeadLetterV1,
  type RoutedTicketV1,
  validate,
} from '@minsheng/shared/contracts';
import { type DecisionRepository, type DecisionToStore, decisionKey } from '../decisions/decision.repository';
import { routeItem, type RoutingContext } from './route-item';

export interface OutgoingMessage {
  topic: 'routed' | 'triage' | 'dlq';
  key: string;
  value: string;
  headers: Record<string, string>;
}

const MAX_DLQ_PAYLOAD = 64 * 1024;

/**
 * Routes one partition's batch. Decisions are stored first (idempotently); then only messages whose stored
 * decision came from that very message are published — a second copy of an item (the outbox relay is
 * at-least-once) finds the decision of the first copy and publishes nothing.
 */
export class BatchRouter {
  constructor(private readonly decisions: DecisionRepository) {}

  async route(
    topic: string,
    partition: number,
    messages: KafkaMessage[],
    ctx: RoutingContext,
    now = new Date(),
  ): Promise<OutgoingMessage[]> {
    const toStore: DecisionToStore[] = [];
    const deadLetters: DeadLetterV1[] = [];
    for (const m of messages) {
      const text = m.value?.toString('utf8') ?? '';
      const dead = (reasonCode: DeadLetterV1['reasonCode'], reason: string) =>
        deadLetters.push({
          schemaVersion: 1,
          stage: 'router',
          reasonCode,
          reason,
          origin: { topic, partition, offset: m.offset, key: m.key?.toString('utf8') },
          payload: text.slice(0, MAX_DLQ_PAYLOAD),
          failedAt: now.toISOString(),
        });
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        dead('invalid_json', `value is not JSON: ${(e as Error).message}`);
        continue;
      }
      const checked = validate(appealItemV1Schema, json);
      if (!checked.ok) {
        dead('schema_invalid', checked.errors.join('; '));
        continue;
      }
      try {
        const ticket: RoutedTicketV1 = {
          schemaVersion: 1,
          item: checked.value,
          decision: routeItem(checked.value, ctx, now),
          decisionRevision: 1,
        };
        toStore.push({ ticket, partition, offset: m.offset });
      } catch (e) {
        // A bug on one item must not stall the partition: it goes to the DLQ with the error, the rest go on.
        dead('processing_failed', (e as Error).message);
      }
    }
    const stored = await this.decisions.storeAll(toStore, deadLetters);
    const out: OutgoingMessage[] = [];
    for (const d of toStore) {
      const s = stored.get(decisionKey(d.ticket.item.id, d.ticket.item.revision));
      if (!s || s.sourcePartition !== partition || s.sourceOffset !== d.offset) continue;
      out.push({
        topic: s.ticket.decision.mode === 'auto' ? 'routed' : 'triage',
        key: s.ticket.item.id,
        value: JSON.stringify(s.ticket),
        headers: { traceId: s.ticket.item.traceId, decisionRevision: String(s.ticket.decisionRevision) },
      });
    }
    for (const l of deadLetters) {
      out.push({
        topic: 'dlq',
        key: l.origin.key ?? `${topic}:${partition}:${l.origin.offset}`,
        value: JSON.stringify(l),
        headers: { reasonCode: l.reasonCode },
      });
    }
    return out;
  }
}
