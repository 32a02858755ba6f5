import { createHash, randomUUID } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { type FeedbackV1 } from '@minsheng/shared/contracts';
import { audit } from '@minsheng/shared/audit';
import { actorOf, type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { type FeedbackPublisher } from '../kafka/feedback-publisher';
import { type TicketsRepository } from './tickets.repository';
import { headInScope, ticketNotFound, type TicketSummary } from './ticket-list';

/** The header both event routes take (feedback, manual decision). */
export const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'the same key (per API key) makes the same event: a retried request changes nothing',
};

export interface EventAccepted {
  eventId: string;
  itemId: string;
  decisionRevision: number;
  /** True when this idempotency key's event was already applied: nothing was published again. */
  duplicate: boolean;
}

/**
 * An event id from the caller's Idempotency-Key (scoped to the key, so two callers cannot collide), or a new one.
 * The router stores each event id once, so a retried request changes nothing.
 */
export function eventIdFor(caller: Principal, idempotencyKey: string | undefined): string {
  if (idempotencyKey === undefined) return `ev_${randomUUID().replace(/-/g, '')}`;
  if (!/^[\x21-\x7e]{8,128}$/.test(idempotencyKey))
    throw new ApiError(
      'invalid_request',
      'Idempotency-Key: 8 to 128 printable ASCII characters',
      HttpStatus.BAD_REQUEST,
    );
  return `ev_${createHash('sha256').update(`${caller.keyId}\n${idempotencyKey}`).digest('hex').slice(0, 32)}`;
}

/** The audit's "before": the head as it was when the call was decided. */
function headForAudit(h: TicketSummary): Omit<TicketSummary, 'ticket'> {
  const head: Partial<TicketSummary> = { ...h };
  delete head.ticket;
  return head as Omit<TicketSummary, 'ticket'>;
}

/** 409 when the caller answered a decision the ticket has since moved past. */
export function checkDecisionCurrent(head: TicketSummary, decisionRevision: number | undefined): void {
  if (decisionRevision !== undefined && decisionRevision !== head.decisionRevision)
    throw new ApiError(
      'conflict',
      `decision ${decisionRevision} is no longer current: the ticket is at decision ${head.decisionRevision} (${head.status})`,
      HttpStatus.CONFLICT,
    );
}

export interface FeedbackRequest {
  id: string;
  caller: Principal;
  idempotencyKey: string | undefined;
  /** The audit entry's action, e.g. ticket.feedback. */
  action: string;
}

/**
 * The path every event from the API to the router takes (consumer feedback, manual dispatch): the ticket must be
 * in the caller's scope; a retried Idempotency-Key answers the first event without publishing again; otherwise
 * `makeEvent` checks the request against the head (throwing to refuse it) and builds the event, which is
 * published to appeal.feedback.v1. Both outcomes are audited with the head as "before".
 */
export async function submitFeedback(
  { db, tickets, publisher }: { db: DataSource; tickets: TicketsRepository; publisher: FeedbackPublisher },
  r: FeedbackRequest,
  makeEvent: (head: TicketSummary, eventId: string) => FeedbackV1 | Promise<FeedbackV1>,
): Promise<EventAccepted> {
  const { id, caller } = r;
  const eventId = eventIdFor(caller, r.idempotencyKey);
  const head = await headInScope(db, caller, id);
  if (!head) throw ticketNotFound(id);
  const record = (after: unknown) =>
    audit(db.manager, {
      actor: actorOf(caller),
      action: r.action,
      entity: 'ticket',
      entityId: id,
      before: headForAudit(head),
      after,
    });
  const seen = r.idempotencyKey !== undefined ? await tickets.knownEvent(eventId) : undefined;
  if (seen) {
    await record({ eventId, duplicate: true });
    return { eventId, itemId: id, decisionRevision: seen.decision_revision, duplicate: true };
  }
  const event = await makeEvent(head, eventId);
  await publisher.publish(event);
  await record(event);
  return { eventId, itemId: id, decisionRevision: head.decisionRevision, duplicate: false };
}
