import { type KafkaMessage } from 'kafkajs';
import {
  appealItemV1Schema,
  type AppealItemV1,
  type DeadLetterV1,
  type Decision,
  type FeedbackV1,
  feedbackV1Schema,
  type RoutedTicketV1,
  TOPICS,
  validate,
  withoutPhoneHash,
} from '@minsheng/shared/contracts';
import { maskText } from '@minsheng/shared/pii';
import {
  type BatchWrite,
  type DecisionRepository,
  type NewDecision,
  ticketBytes,
  type Origin,
  originKey,
  type DuplicateFinder,
  fingerprintOf,
  manualDecision,
} from '@minsheng/routing';
import { type LearnedRoutingContext, routeWithModel } from '@minsheng/routing/learned';
import { feedbackRefusal } from './feedback-authority';
import { type RatingCandidate, type RatingDecider, ratingOnItem } from './rating-decider';

export interface OutgoingMessage {
  topic: 'routed' | 'triage' | 'dlq';
  key: string;
  /** UTF-8 JSON: kafkajs would measure a string value and then encode it again (decision 033). */
  value: Buffer;
  headers: Record<string, string>;
}

export interface RouterPolicy {
  /** Returns (退单) that are re-dispatched; the next one sends the ticket to triage. */
  maxReturns: number;
  /** The deployment's topic prefix: decisions record base topic names, dead letters the real one (for replay). */
  topicPrefix: string;
}

const MAX_DLQ_PAYLOAD = 64 * 1024;

/** `bytes` is the ticket's JSON as stored, when this call made it: serialised once, not per use. */
function publish(ticket: RoutedTicketV1, bytes?: Buffer): OutgoingMessage {
  return {
    topic: ticket.decision.mode === 'auto' ? 'routed' : 'triage',
    key: ticket.item.id,
    value: bytes ?? Buffer.from(JSON.stringify(ticket)),
    headers: { traceId: ticket.item.traceId, decisionRevision: String(ticket.decisionRevision) },
  };
}

interface Parsed<T> {
  message: KafkaMessage;
  origin: Origin;
  value: T;
}

/**
 * Routes one partition's batch of items or feedback. Every decision is stored with the message that made it;
 * a re-read of that message re-publishes the stored decision, a second copy of an item publishes nothing, and
 * only decisions this call inserted (or re-reads of its own messages) are published.
 */
/** Told of every decision this router stored and every dead letter it made (the router's metrics). */
export interface RouteObserver {
  decided(decision: Decision): void;
  deadLettered(reasonCode: string): void;
}

export class BatchRouter {
  constructor(
    private readonly decisions: DecisionRepository,
    private readonly duplicates: DuplicateFinder,
    private readonly policy: RouterPolicy,
    private readonly observer?: RouteObserver,
    /** 好差评 and the 办理不满意专区; without it ratings are kept as feedback events only. */
    private readonly ratings?: RatingDecider,
  ) {}

  async route(
    topic: string,
    partition: number,
    messages: KafkaMessage[],
    ctx: LearnedRoutingContext,
    now = new Date(),
  ): Promise<OutgoingMessage[]> {
    const dead: DeadLetterV1[] = [];
    const baseTopic = topic.slice(this.policy.topicPrefix.length);
    const isFeedback = baseTopic === TOPICS.feedback;
    const parsed = this.parse(topic, partition, messages, isFeedback, dead, now);
    const write: BatchWrite = { decisions: [], deadLetters: dead, fingerprints: [], feedback: [] };
    let already: Map<string, RoutedTicketV1>;
    if (isFeedback) {
      already = await this.decisions.byOrigins(parsed.map((p) => p.origin));
      const fresh = parsed.filter((p) => !already.has(originKey(p.origin)));
      await this.decideFeedback(fresh as Parsed<FeedbackV1>[], ctx, now, write, dead);
    } else {
      already = await this.decideItems(parsed as Parsed<AppealItemV1>[], ctx, now, write, dead);
    }
    // A message that failed the contract never passed the ingest door: mask what the table and the DLQ keep.
    for (const l of dead) {
      l.reason = maskText(l.reason);
      l.payload = maskText(l.payload);
    }
    const inserted = await this.decisions.write(write);
    // Counted once stored: a re-read after an aborted transaction re-publishes these, it does not decide again.
    for (const d of write.decisions)
      if (inserted.has(originKey(d.origin))) this.observer?.decided(d.ticket.decision);
    for (const l of dead) this.observer?.deadLettered(l.reasonCode);
    const made = new Map(write.decisions.map((d) => [originKey(d.origin), d]));
    // A decision this call made but could not insert conflicted with a stored one. Usually that is an earlier copy
    // of the item (publish nothing); but a replica fenced off this partition may have stored the decision for this
    // very message between our read and our write, and its transaction never became visible: publish that one.
    const lost = write.decisions.filter((d) => !inserted.has(originKey(d.origin))).map((d) => d.origin);
    const raced = await this.decisions.byOrigins(lost);
    const out: OutgoingMessage[] = [];
    for (const p of parsed) {
      const key = originKey(p.origin);
      const stored = already.get(key) ?? raced.get(key);
      const mine = inserted.has(key) ? made.get(key) : undefined;
      if (stored) out.push(publish(stored));
      else if (mine) out.push(publish(mine.ticket, ticketBytes(mine)));
    }
    for (const l of dead) {
      out.push({
        topic: 'dlq',
        key: l.origin.key ?? `${topic}:${partition}:${l.origin.offset}`,
        value: Buffer.from(JSON.stringify(l)),
        headers: { reasonCode: l.reasonCode },
      });
    }
    return out;
  }

  private parse(
    topic: string,
    partition: number,
    messages: KafkaMessage[],
    isFeedback: boolean,
    dead: DeadLetterV1[],
    now: Date,
  ) {
    const out: Parsed<AppealItemV1 | FeedbackV1>[] = [];
    for (const m of messages) {
      const text = m.value?.toString('utf8') ?? '';
      const fail = (reasonCode: DeadLetterV1['reasonCode'], reason: string) =>
        dead.push({
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
        fail('invalid_json', `value is not JSON: ${(e as Error).message}`);
        continue;
      }
      const checked = isFeedback ? validate(feedbackV1Schema, json) : validate(appealItemV1Schema, json);
      if (!checked.ok) {
        fail('schema_invalid', checked.errors.join('; '));
        continue;
      }
      out.push({
        message: m,
        origin: { topic: topic.slice(this.policy.topicPrefix.length), partition, offset: m.offset },
        value: checked.value,
      });
    }
    return out;
  }

  /**
   * Decides the items of a chunk that no earlier message decided; returns the decisions already stored for these
   * very messages (a re-read), which are published again. The chunk's reads — stored decisions and the fingerprints
   * near each first revision — go out together before routing: round trips, not CPU, set a small chunk's latency.
   */
  private async decideItems(
    parsed: Parsed<AppealItemV1>[],
    ctx: LearnedRoutingContext,
    now: Date,
    write: BatchWrite,
    dead: DeadLetterV1[],
  ): Promise<Map<string, RoutedTicketV1>> {
    // 并单 only for first revisions: a later revision of the same item is not another appeal. The county is known
    // only after routing; the stored candidates do not depend on it.
    const prints = new Map(
      parsed
        .filter((p) => p.value.revision === 1)
        .map((p) => [p.value.id, fingerprintOf(p.value, undefined)]),
    );
    const [state, near] = await Promise.all([
      this.decisions.itemChunkState(
        parsed.map((p) => p.origin),
        parsed.map((p) => ({ id: p.value.id, revision: p.value.revision })),
      ),
      this.duplicates.near([...prints.values()]),
    ]);
    const { byOrigin: already, decided, latest } = state;
    const todo = parsed.filter(
      (p) => !already.has(originKey(p.origin)) && !decided.has(`${p.value.id}#${p.value.revision}`),
    );
    // A satisfaction on a closed ticket's new revision is a rating (好差评), not routing news (decision 034).
    const candidates = todo
      .map((p) => ratingOnItem(p.value, latest.get(p.value.id), p.origin))
      .filter((c): c is RatingCandidate => !!c && !!this.ratings);
    const ratings = (await this.ratings?.decide(candidates, latest, new Set(), ctx, now, write)) ?? [];
    const asRatings = new Set(ratings.map((c) => originKey(c.origin)));
    const nextRevision = new Map([...latest].map(([id, l]) => [id, l.decisionRevision]));
    const made = new Map<string, RoutedTicketV1>();
    const seen = new Set<string>();
    const routed: { p: Parsed<AppealItemV1>; decision: Decision }[] = [];
    for (const p of todo) {
      const key = `${p.value.id}#${p.value.revision}`;
      if (asRatings.has(originKey(p.origin))) continue;
      if (seen.has(key)) continue; // two copies in one batch: the first decides
      seen.add(key);
      try {
        routed.push({
          p,
          decision: routeWithModel(p.value, ctx, now, {
            exclude: latest.get(p.value.id)?.ticket.decision.returnedBy,
          }),
        });
      } catch (e) {
        // A bug on one item must not stall the partition: it goes to the DLQ with the error, the rest go on.
        dead.push({
          schemaVersion: 1,
          stage: 'router',
          reasonCode: 'processing_failed',
          reason: (e as Error).message,
          origin: {
            topic: p.origin.topic,
            partition: p.origin.partition,
            offset: p.origin.offset,
            key: p.value.id,
          },
          payload: JSON.stringify(p.value).slice(0, MAX_DLQ_PAYLOAD),
          failedAt: now.toISOString(),
        });
      }
    }
    // 并单 only for first revisions: a later revision of the same item is not another appeal.
    const firsts = routed.filter((r) => r.p.value.revision === 1);
    const probes = firsts.map((r) => ({
      ...prints.get(r.p.value.id)!,
      countyCode: r.decision.jurisdiction.codes.county,
    }));
    const originals = await this.duplicates.find(probes, near);
    write.fingerprints.push(...probes);
    const stored = await this.decisions.latest(originals.filter((o): o is string => !!o));
    const originalOf = new Map(firsts.map((r, i) => [r.p.value.id, originals[i]]));
    for (const { p, decision: first } of routed) {
      const item = p.value;
      const originalId = originalOf.get(item.id);
      const original = originalId && (made.get(originalId) ?? stored.get(originalId)?.ticket);
      const decision =
        originalId && original
          ? routeWithModel(item, ctx, now, {
              duplicateOf: { itemId: originalId, decision: original.decision },
            })
          : first;
      const revision = (nextRevision.get(item.id) ?? 0) + 1;
      nextRevision.set(item.id, revision);
      // The phone hash stays in item_fingerprints (duplicate linking); tickets go to consumers without it.
      const ticket: RoutedTicketV1 = {
        schemaVersion: 1,
        item: withoutPhoneHash(item),
        decision,
        decisionRevision: revision,
      };
      made.set(item.id, ticket);
      write.decisions.push({ ticket, origin: p.origin });
    }
    return already;
  }

  /**
   * 退单: route again without every department that returned it; past the allowed returns, to a person.
   * 人工派单: the dispatcher's assignment becomes the next decision. Either only answers the current decision: one
   * made for an older revision (the ticket has moved on, or another dispatcher decided first) changes nothing.
   */
  private async decideFeedback(
    events: Parsed<FeedbackV1>[],
    ctx: LearnedRoutingContext,
    now: Date,
    write: BatchWrite,
    dead: DeadLetterV1[],
  ): Promise<void> {
    const known = await this.decisions.knownFeedbackEvents(events.map((e) => e.value.eventId));
    const unseen = events.filter((e) => !known.has(e.value.eventId));
    const answered = await this.decisions.decisionsAt(unseen.map((e) => e.value));
    const fresh = unseen.filter((e) => {
      const refusal = feedbackRefusal(e.value, answered.get(`${e.value.itemId}#${e.value.decisionRevision}`));
      if (refusal)
        dead.push({
          schemaVersion: 1,
          stage: 'router',
          reasonCode: 'not_authorized',
          reason: refusal,
          origin: {
            topic: this.policy.topicPrefix + e.origin.topic,
            partition: e.origin.partition,
            offset: e.origin.offset,
            key: e.value.itemId,
          },
          payload: JSON.stringify(e.value).slice(0, MAX_DLQ_PAYLOAD),
          failedAt: now.toISOString(),
        });
      return !refusal;
    });
    const redecide = fresh.filter((e) => e.value.kind === 'returned' || e.value.kind === 'dispatched');
    const rated = fresh.filter((e) => e.value.kind === 'rated');
    const ids = [...new Set([...redecide, ...rated].map((e) => e.value.itemId))];
    const latest = await this.decisions.latest(ids);
    const returnedBefore = await this.decisions.returnsSoFar(ids);
    const failed = new Set<Parsed<FeedbackV1>>();
    for (const e of redecide) {
      const current = latest.get(e.value.itemId);
      if (!current || current.decisionRevision !== e.value.decisionRevision) continue;
      const item = current.ticket.item;
      let decision: Decision;
      if (e.value.kind === 'dispatched') {
        try {
          decision = manualDecision(
            current.ticket,
            { assignment: e.value.assignment!, actor: e.value.actor, note: e.value.reason ?? '' },
            ctx,
            now,
          );
        } catch (err) {
          // Checked by the gateway, so only a catalogue change in between lands here: to the DLQ, not stored,
          // so a replay after the catalogue is fixed applies it.
          failed.add(e);
          dead.push({
            schemaVersion: 1,
            stage: 'router',
            reasonCode: 'processing_failed',
            reason: `manual dispatch not applied: ${(err as Error).message}`,
            origin: {
              topic: e.origin.topic,
              partition: e.origin.partition,
              offset: e.origin.offset,
              key: e.value.itemId,
            },
            payload: JSON.stringify(e.value).slice(0, MAX_DLQ_PAYLOAD),
            failedAt: now.toISOString(),
          });
          continue;
        }
      } else {
        const allReturns = [...(returnedBefore.get(e.value.itemId) ?? []), e.value.department];
        returnedBefore.set(e.value.itemId, allReturns);
        const returnedBy = [...new Set(allReturns)];
        decision =
          allReturns.length > this.policy.maxReturns
            ? {
                ...routeWithModel(item, ctx, now, { exclude: returnedBy }),
                lead: undefined,
                co: [],
                mode: 'triage' as const,
                reason: 'returned_too_often' as const,
              }
            : routeWithModel(item, ctx, now, { exclude: returnedBy });
        decision.explanation = [
          ...decision.explanation,
          `退单 by ${e.value.department}: ${e.value.reason ?? ''}`,
        ];
      }
      const ticket: RoutedTicketV1 = {
        schemaVersion: 1,
        item,
        decision,
        decisionRevision: current.decisionRevision + 1,
      };
      latest.set(e.value.itemId, {
        itemRevision: item.revision,
        decisionRevision: ticket.decisionRevision,
        ticket,
      });
      write.decisions.push({ ticket, origin: e.origin } satisfies NewDecision);
    }
    const closedInBatch = new Set(
      fresh
        .filter((e) => e.value.kind === 'closed')
        .map((e) => `${e.value.itemId}#${e.value.decisionRevision}`),
    );
    await this.ratings?.decide(
      rated.map((e) => ({
        itemId: e.value.itemId,
        decisionRevision: e.value.decisionRevision,
        rating: e.value.rating!,
        comment: e.value.comment,
        source: 'follow_up' as const,
        actor: e.value.actor,
        ratedAt: e.value.at,
        origin: e.origin,
      })),
      latest,
      closedInBatch,
      ctx,
      now,
      write,
    );
    write.feedback.push(
      ...fresh.filter((e) => !failed.has(e)).map((e) => ({ ...e.value, origin: e.origin })),
    );
  }
}
