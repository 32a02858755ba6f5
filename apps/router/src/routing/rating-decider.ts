import {
  type AppealItemV1,
  parseRating,
  type PublishedItem,
  type Rating,
  type RatingSource,
  type RoutedTicketV1,
  withoutPhoneHash,
} from '@minsheng/shared/contracts';
import { maskText } from '@minsheng/shared/pii';
import {
  type BatchWrite,
  type LatestDecision,
  type Origin,
  ratingRoundKey,
  type RatingsRepository,
  reopenDecision,
  type ReopenPolicy,
  type RoutingContext,
} from '@minsheng/routing';

/** A rating on its way to ticket_ratings: from a follow-up call (rated feedback) or an item revision's satisfaction. */
export interface RatingCandidate {
  itemId: string;
  /** The round rated: the decision a rated event answers, or the item's newest decision for an item revision. */
  decisionRevision: number;
  rating: Rating;
  comment?: string;
  source: RatingSource;
  actor: string;
  ratedAt: string;
  origin: Origin;
  /** The item revision that carried the rating: a re-open is made about it. */
  item?: PublishedItem;
}

/**
 * The rating an item revision carries for its ticket's closed round, or undefined when the revision is to be routed
 * as any other: no recognisable satisfaction, a ticket whose newest decision is not with a unit, or the same
 * satisfaction the rated decision's own item revision already carried (an upstream record keeps its 满意度 in every
 * later export; it rates the round it came after, not the next one).
 */
export function ratingOnItem(
  item: AppealItemV1,
  latest: LatestDecision | undefined,
  origin: Origin,
): RatingCandidate | undefined {
  const rating = parseRating(item.upstream?.satisfaction);
  if (!rating || !latest || latest.ticket.decision.mode !== 'auto') return undefined;
  const before = latest.ticket.item.upstream;
  if (
    parseRating(before?.satisfaction) === rating &&
    (before?.satisfactionComment ?? '') === (item.upstream?.satisfactionComment ?? '')
  )
    return undefined;
  return {
    itemId: item.id,
    decisionRevision: latest.decisionRevision,
    rating,
    comment: item.upstream?.satisfactionComment,
    source: item.source.system === 'push' ? 'push' : 'upstream',
    actor: item.source.connectorId,
    ratedAt: item.receivedAt,
    origin,
    item: withoutPhoneHash(item),
  };
}

/**
 * 好差评 into ticket_ratings, once per round, and 不满意 into the 办理不满意专区 (decision 034). A rating counts when it
 * rates the item's current decision and a unit has closed (办结) that decision; a second rating of a round (another
 * channel, a re-delivery) is dropped. A 不满意 re-opens the ticket as the next decision (reopenDecision), made from
 * the message that carried the rating, so a re-read publishes it again and decides nothing new.
 */
export class RatingDecider {
  constructor(
    private readonly ratings: RatingsRepository,
    private readonly policy: ReopenPolicy,
  ) {}

  /**
   * `latest` is each item's newest decision, updated here with the re-opens made; `closedInBatch` holds rounds
   * closed by feedback earlier in the same batch (not yet in feedback_events). Returns the candidates that rate a
   * closed current round, counted or not (a round rated before keeps its first rating): those are ratings, never
   * routing news. A candidate for an open round is not one of them.
   */
  async decide(
    candidates: RatingCandidate[],
    latest: Map<string, LatestDecision>,
    closedInBatch: Set<string>,
    ctx: RoutingContext,
    now: Date,
    write: BatchWrite,
  ): Promise<RatingCandidate[]> {
    if (!candidates.length) return [];
    const [closed, rated, dissatisfied] = await Promise.all([
      this.ratings.closedRounds(candidates),
      this.ratings.ratedRounds(candidates),
      this.ratings.dissatisfiedCounts([...new Set(candidates.map((c) => c.itemId))]),
    ]);
    const handled: RatingCandidate[] = [];
    write.ratings ??= [];
    for (const c of candidates) {
      const key = ratingRoundKey(c);
      const current = latest.get(c.itemId);
      if (!current || current.decisionRevision !== c.decisionRevision) continue;
      if (!closed.has(key) && !closedInBatch.has(key)) continue;
      handled.push(c);
      if (rated.has(key)) continue;
      rated.add(key);
      const rounded = current.ticket;
      const comment = c.comment === undefined ? undefined : maskText(c.comment);
      write.ratings.push({
        itemId: c.itemId,
        decisionRevision: c.decisionRevision,
        rating: c.rating,
        comment,
        source: c.source,
        actor: c.actor,
        ratedAt: c.ratedAt,
        countyCode: rounded.decision.jurisdiction.codes.county,
        townCode: rounded.decision.jurisdiction.codes.town,
        department: rounded.decision.lead?.department,
        channel: rounded.item.channel,
      });
      if (c.rating !== 'dissatisfied') continue;
      const count = (dissatisfied.get(c.itemId) ?? 0) + 1;
      dissatisfied.set(c.itemId, count);
      const ticket: RoutedTicketV1 = {
        schemaVersion: 1,
        item: c.item ?? rounded.item,
        decision: reopenDecision(rounded, { count, comment }, this.policy, ctx, now),
        decisionRevision: current.decisionRevision + 1,
      };
      latest.set(c.itemId, {
        itemRevision: ticket.item.revision,
        decisionRevision: ticket.decisionRevision,
        ticket,
      });
      write.decisions.push({ ticket, origin: c.origin });
    }
    return handled;
  }
}
