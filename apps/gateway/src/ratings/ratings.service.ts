import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { type z } from 'zod';
import { audit } from '@minsheng/shared/audit';
import { maskText } from '@minsheng/shared/pii';
import { APP_CONFIG, type AppConfig, DATA_SOURCE } from '@minsheng/shared/runtime';
import { actorOf, type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { FeedbackPublisher } from '../kafka/feedback-publisher';
import { checkDecisionCurrent, submitFeedback } from '../tickets/ticket-feedback';
import { checkTicketId, listTickets, type TicketPage, type TicketSummary } from '../tickets/ticket-list';
import { TicketsRepository } from '../tickets/tickets.repository';
import { type ratingRecordedView, type ticketRatingView } from './rating.views';
import { type RatingBody, type RatingQueueQuery } from './ratings.schemas';
import { type RatingRecord, TicketRatingsRepository } from './ratings.repository';

type Recorded = z.infer<typeof ratingRecordedView>;
export type TicketRatingView = z.infer<typeof ticketRatingView>;

/** The round was rated before with exactly this rating: answered 200 with it, nothing published. */
class AlreadyRated extends Error {
  constructor(readonly record: RatingRecord) {
    super('already rated');
  }
}

/** A rating as this caller may see it: the comment masked again (belt and braces), others' recorders by role. */
export function ratingView(caller: Principal, r: RatingRecord): TicketRatingView {
  const own = caller.role !== 'consumer' || r.actor === actorOf(caller);
  return {
    decisionRevision: r.decision_revision,
    rating: r.rating,
    comment: r.comment === null ? null : maskText(r.comment),
    source: r.source,
    actor: own || r.source !== 'follow_up' ? r.actor : 'platform:follow-up',
    ratedAt: new Date(r.rated_at).toISOString(),
  };
}

/**
 * 好差评 recorded by staff after a follow-up call (回访), and the two queues: the call list and the 办理不满意专区.
 * The rating goes to the router as a rated event on appeal.feedback.v1 (the one writer of ticket_ratings and of
 * decisions, decision 034), like every other feedback (010).
 */
@Injectable()
export class RatingsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tickets: TicketsRepository,
    private readonly ratings: TicketRatingsRepository,
    private readonly publisher: FeedbackPublisher,
  ) {}

  async record(
    id: string,
    b: RatingBody,
    caller: Principal,
    idempotencyKey: string | undefined,
  ): Promise<{ status: HttpStatus.OK | HttpStatus.ACCEPTED; body: Recorded }> {
    checkTicketId(id);
    if (caller.departments)
      throw new ApiError(
        'forbidden',
        'a key bound to handling departments does not record ratings of their own work: follow-up calls (回访) are the platform’s',
        HttpStatus.FORBIDDEN,
      );
    const comment = b.comment ? maskText(b.comment) : undefined;
    const request = { id, caller, idempotencyKey, action: 'ticket.rating', body: b };
    try {
      const accepted = await submitFeedback(
        { db: this.db, tickets: this.tickets, publisher: this.publisher },
        request,
        async (head, eventId) => {
          await this.refuseRatedRound(head, b, comment);
          checkDecisionCurrent(head, b.decisionRevision);
          const lead = head.ticket.decision.lead;
          if (head.status !== 'closed' || !lead)
            throw new ApiError(
              'conflict',
              `the ticket is ${head.status}: a rating (好差评) answers a closed (办结) round`,
              HttpStatus.CONFLICT,
            );
          return {
            schemaVersion: 1,
            eventId,
            itemId: id,
            decisionRevision: head.decisionRevision,
            kind: 'rated',
            department: lead.department,
            unitName: lead.unitName,
            rating: b.rating,
            comment,
            actor: actorOf(caller),
            at: new Date().toISOString(),
          };
        },
      );
      return { status: HttpStatus.ACCEPTED, body: { ...accepted, rating: null } };
    } catch (e) {
      if (!(e instanceof AlreadyRated)) throw e;
      const rating = ratingView(caller, e.record);
      await audit(this.db.manager, {
        actor: actorOf(caller),
        action: 'ticket.rating',
        entity: 'ticket',
        entityId: id,
        before: rating,
        after: { duplicate: true },
      });
      const body = {
        eventId: null,
        itemId: id,
        decisionRevision: rating.decisionRevision,
        duplicate: true,
        rating,
      };
      return { status: HttpStatus.OK, body };
    }
  }

  /**
   * A round is rated once: the same rating again is AlreadyRated (200), another one 409 rating_exists. Without a
   * decisionRevision the round is the current one, or — while a 不满意 keeps the ticket re-opened — the round that
   * was rated, so a re-sent 不满意 is recognised rather than refused as "not closed".
   */
  private async refuseRatedRound(
    head: TicketSummary,
    b: RatingBody,
    comment: string | undefined,
  ): Promise<void> {
    const reopen = head.ticket.decision.reopen;
    const round =
      b.decisionRevision ??
      (head.status !== 'closed' && reopen ? reopen.ratedRevision : head.decisionRevision);
    const found = await this.ratings.at(head.id, round);
    if (!found) return;
    if (found.rating === b.rating && (found.comment ?? undefined) === comment) throw new AlreadyRated(found);
    throw new ApiError(
      'rating_exists',
      `decision ${round} was already rated ${found.rating} (${found.source}); a round is rated once`,
      HttpStatus.CONFLICT,
    );
  }

  /** 回访 call list: closed tickets in the sample whose round has no rating yet, in the caller's scope. */
  followUps(q: RatingQueueQuery, caller: Principal): Promise<TicketPage> {
    return listTickets(this.db, caller, { ...q, followUpRate: this.config.FOLLOW_UP_SAMPLE_RATE }, 'asc');
  }

  /** 办理不满意专区: tickets re-opened after a 不满意 rating, still open (or at the triage desk past the limit). */
  dissatisfied(q: RatingQueueQuery, caller: Principal): Promise<TicketPage> {
    return listTickets(this.db, caller, { ...q, reopened: true, status: ['triage', 'routed', 'accepted'] });
  }

  async ofTicket(id: string, caller: Principal): Promise<TicketRatingView[]> {
    return (await this.ratings.of(id)).map((r) => ratingView(caller, r));
  }
}
