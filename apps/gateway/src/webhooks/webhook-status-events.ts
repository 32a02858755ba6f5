import { type FeedbackV1, type RoutedTicketV1 } from '@minsheng/shared/contracts';
import { FEEDBACK_WEBHOOK_EVENTS } from '@minsheng/shared/db';
import { type TicketEvent } from './webhook-matcher';

/** What the store says about the decision one feedback answers. */
export interface AnsweredDecision {
  /** The decision (item, decision revision) the feedback names; absent when no such decision was ever stored. */
  ticket?: RoutedTicketV1;
  /**
   * The item's newest decision revision made before this feedback in the router's order: decisions made from later
   * feedback messages (same partition, higher offset) do not count, so a lagging consumer judges like the router did.
   */
  newestBefore?: number;
}

export type IgnoredWhy = 'unknown_decision' | 'stale_decision' | 'not_routed';

export interface IgnoredFeedback {
  eventId: string;
  itemId: string;
  decisionRevision: number;
  why: IgnoredWhy;
}

/** The feedback as a receiver sees it: no actor (a person's name in the unit's system), no assignment. */
export function feedbackView(f: FeedbackV1) {
  return {
    eventId: f.eventId,
    kind: f.kind,
    department: f.department,
    ...(f.reason !== undefined ? { reason: f.reason } : {}),
    at: f.at,
  };
}

/**
 * Turns one partition's feedback, in offset order, into ticket.accepted / ticket.closed events, with the decision
 * each answers. Like the router (markFeedbackOnHeads), only feedback answering the item's current decision counts,
 * and only for a decision sent to a unit (mode auto): a decision for an unknown revision, an older one, or a triage
 * decision yields nothing. A return or manual dispatch earlier in the same batch that answers the current decision
 * makes the router decide again, so accept/close after it for that revision are stale too, even before the router
 * has stored the new decision.
 */
export function statusEvents(
  feedback: FeedbackV1[],
  answered: (index: number) => AnsweredDecision,
): { events: TicketEvent[]; ignored: IgnoredFeedback[] } {
  const events: TicketEvent[] = [];
  const ignored: IgnoredFeedback[] = [];
  /** Per item: the highest revision a return or dispatch in this batch has moved the ticket past. */
  const movedPast = new Map<string, number>();
  for (const [i, f] of feedback.entries()) {
    const { ticket, newestBefore } = answered(i);
    const passed = movedPast.get(f.itemId) ?? 0;
    const current =
      newestBefore !== undefined && f.decisionRevision === newestBefore && f.decisionRevision > passed;
    if (f.kind === 'returned' || f.kind === 'dispatched' || f.kind === 'rated') {
      // A 不满意 rating of the current (closed) decision re-opens it as the next one (decision 034).
      if (current && (f.kind !== 'rated' || f.rating === 'dissatisfied'))
        movedPast.set(f.itemId, f.decisionRevision);
      continue;
    }
    if (!ticket || !current || ticket.decision.mode !== 'auto') {
      const why = !ticket ? 'unknown_decision' : !current ? 'stale_decision' : 'not_routed';
      ignored.push({ eventId: f.eventId, itemId: f.itemId, decisionRevision: f.decisionRevision, why });
      continue;
    }
    events.push({
      event: FEEDBACK_WEBHOOK_EVENTS[f.kind],
      ticket,
      at: f.at,
      payload: JSON.stringify({ feedback: feedbackView(f), ticket }),
    });
  }
  return { events, ignored };
}
