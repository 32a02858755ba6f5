import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { z } from 'zod';
import { type Decision, type FeedbackV1, type RoutedTicketV1, TOPICS } from '@minsheng/shared/contracts';
import { type TicketStatus } from '@minsheng/shared/db';
import { DATA_SOURCE } from '@minsheng/shared/runtime';
import { type FeedbackRow, TicketsRepository } from './tickets.repository';
import { actorOf, type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { FeedbackPublisher } from '../kafka/feedback-publisher';
import {
  checkTicketId,
  headInScope,
  listTickets,
  type TicketFilters,
  ticketNotFound,
  type TicketPage,
  type TicketSummary,
} from './ticket-list';
import { checkDecisionCurrent, type EventAccepted, submitFeedback } from './ticket-feedback';
import { answeringDepartment, visibleActor } from './feedback-authority';
import { type RatingRecord, TicketRatingsRepository } from '../ratings/ratings.repository';
import { ratingView, type TicketRatingView } from '../ratings/ratings.service';

/** One decision revision of an item, as the detail view's trace shows it. */
export interface DecisionTraceEntry {
  decisionRevision: number;
  itemRevision: number;
  /** What made it: a revision of the item, or a feedback event (a return, a manual dispatch). */
  madeBy: 'item' | 'feedback';
  mode: Decision['mode'];
  reason: NonNullable<Decision['reason']> | null;
  jurisdiction: Decision['jurisdiction'];
  lead: NonNullable<Decision['lead']> | null;
  co: Decision['co'];
  grade: Decision['grade'];
  dueAt: string | null;
  workingDays: number | null;
  returnedBy: string[];
  duplicateOf: string | null;
  explanation: string[];
  matchedRules: string[];
  ruleSetVersion: number;
  decidedAt: string;
}

export interface FeedbackEntry {
  eventId: string;
  decisionRevision: number;
  kind: FeedbackV1['kind'];
  department: string;
  reason: string | null;
  actor: string;
  at: string;
}

export interface TicketView {
  id: string;
  /** The item revision the current decision is about. */
  revision: number;
  decisionRevision: number;
  /** From the head: triage, routed, accepted (受理) or closed (办结). */
  status: TicketStatus;
  updatedAt: string;
  ticket: RoutedTicketV1;
  /** Every decision revision, oldest first. */
  trace: DecisionTraceEntry[];
  revisions: { revision: number; receivedAt: string; decided: boolean }[];
  feedback: FeedbackEntry[];
  /** 好差评, one per rated round, oldest first. */
  ratings: TicketRatingView[];
}

export const feedbackBodySchema = z
  .object({
    kind: z.enum(['accept', 'return', 'close']).describe('受理, 退单 (with a reason), 办结'),
    reason: z
      .string()
      .trim()
      .max(2000)
      .optional()
      .describe(
        "退单's reason; for 办结, the answer to the citizen (回音壁 shows it, masked, when the appeal is public)",
      ),
    department: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe(
        "the answering department; default: the lead, or the key's own department on the ticket (required when that is ambiguous)",
      ),
    decisionRevision: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('the decision answered; default the current one; 409 when the ticket has moved on'),
  })
  .strict()
  .refine((b) => b.kind !== 'return' || !!b.reason, {
    message: 'a return (退单) needs a reason',
    path: ['reason'],
  });

export type FeedbackBody = z.infer<typeof feedbackBodySchema>;

const KIND: Record<'accept' | 'return' | 'close', FeedbackV1['kind']> = {
  accept: 'accepted',
  return: 'returned',
  close: 'closed',
};

@Injectable()
export class TicketsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly tickets: TicketsRepository,
    private readonly publisher: FeedbackPublisher,
    private readonly ratings: TicketRatingsRepository,
  ) {}

  list(filters: TicketFilters, caller: Principal): Promise<TicketPage> {
    return listTickets(this.db, caller, filters);
  }

  async get(id: string, caller: Principal): Promise<TicketView> {
    checkTicketId(id);
    // One snapshot: the router writes a feedback event and the head's new status in one transaction, and a page
    // polling for the event must not get the event without the status (or the reverse) from reads either side of it.
    return this.db.transaction('REPEATABLE READ', async (q) => {
      const head = await headInScope(q, caller, id);
      if (!head) throw ticketNotFound(id);
      const decisions = await this.tickets.decisions(id, q);
      const revisions = await this.tickets.revisions(id, q);
      const feedback = await this.tickets.feedback(id, q);
      const ratings = await this.ratings.of(id, q);
      return this.view(id, caller, head, { decisions, revisions, feedback, ratings });
    });
  }

  private view(
    id: string,
    caller: Principal,
    head: TicketSummary,
    rows: {
      decisions: Awaited<ReturnType<TicketsRepository['decisions']>>;
      revisions: Awaited<ReturnType<TicketsRepository['revisions']>>;
      feedback: FeedbackRow[];
      ratings: RatingRecord[];
    },
  ): TicketView {
    const { decisions, revisions, feedback, ratings } = rows;
    return {
      id,
      revision: head.revision,
      decisionRevision: head.decisionRevision,
      status: head.status,
      updatedAt: head.updatedAt,
      ticket: head.ticket,
      trace: decisions.map((d) => traceEntry(d.item_revision, d.source_topic, d.ticket)),
      revisions: revisions.map((r) => ({
        revision: r.revision,
        receivedAt: new Date(r.received_at).toISOString(),
        decided: r.decided,
      })),
      feedback: feedback.map((f) => ({
        eventId: f.event_id,
        decisionRevision: f.decision_revision,
        kind: f.kind,
        department: f.department,
        reason: f.reason,
        actor: visibleActor(caller, f.actor, f.kind, f.department),
        at: new Date(f.at).toISOString(),
      })),
      ratings: ratings.map((r) => ratingView(caller, r)),
    };
  }

  /**
   * 受理 / 退单 / 办结 from a consumer: published to appeal.feedback.v1 for the router, which re-dispatches a return
   * and marks accepted/closed on the head. Only for a ticket in the key's scope, and only for a unit the key
   * represents (feedback-authority.ts).
   */
  async feedback(
    id: string,
    b: FeedbackBody,
    caller: Principal,
    idempotencyKey: string | undefined,
  ): Promise<EventAccepted> {
    checkTicketId(id);
    const request = { id, caller, idempotencyKey, action: 'ticket.feedback', body: b };
    return submitFeedback(
      { db: this.db, tickets: this.tickets, publisher: this.publisher },
      request,
      (head, eventId) => {
        checkDecisionCurrent(head, b.decisionRevision);
        if (head.status === 'triage' || head.status === 'closed')
          throw new ApiError(
            'conflict',
            head.status === 'triage'
              ? 'the ticket is in triage: no unit holds it, so there is nothing to answer'
              : 'the ticket is closed (办结)',
            HttpStatus.CONFLICT,
          );
        const department = answeringDepartment(head.ticket, caller, b.department);
        return {
          schemaVersion: 1,
          eventId,
          itemId: id,
          decisionRevision: head.decisionRevision,
          kind: KIND[b.kind],
          department,
          unitName: [head.ticket.decision.lead, ...head.ticket.decision.co].find(
            (u) => u?.department === department,
          )?.unitName,
          reason: b.reason || undefined,
          actor: actorOf(caller),
          at: new Date().toISOString(),
        };
      },
    );
  }
}

function traceEntry(itemRevision: number, sourceTopic: string, t: RoutedTicketV1): DecisionTraceEntry {
  const d = t.decision;
  return {
    decisionRevision: t.decisionRevision,
    itemRevision,
    madeBy: sourceTopic === TOPICS.feedback ? 'feedback' : 'item',
    mode: d.mode,
    reason: d.reason ?? null,
    jurisdiction: d.jurisdiction,
    lead: d.lead ?? null,
    co: d.co ?? [],
    grade: d.grade,
    dueAt: d.dueAt ?? null,
    workingDays: d.workingDays ?? null,
    returnedBy: d.returnedBy ?? [],
    duplicateOf: d.duplicateOf ?? null,
    explanation: d.explanation,
    matchedRules: d.matchedRules,
    ruleSetVersion: d.ruleSetVersion,
    decidedAt: d.decidedAt,
  };
}
