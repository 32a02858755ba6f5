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
  /** The request body: an Idempotency-Key answers only a repeat of the same request on the same ticket. */
  body: unknown;
}

/** 422 for an Idempotency-Key first used on another ticket or with another body: never a silent "already done". */
function keyReused(idempotencyKey: string, otherTicket: boolean): ApiError {
  return new ApiError(
    'idempotency_key_reused',
    `Idempotency-Key ${JSON.stringify(idempotencyKey)} was already used ${otherTicket ? 'for another ticket' : 'with another request'}: use a new key for a new request`,
    HttpStatus.UNPROCESSABLE_ENTITY,
  );
}

/**
 * The path every event from the API to the router takes (consumer feedback, manual dispatch): the ticket must be
 * in the caller's scope; an Idempotency-Key is bound to its first ticket and request (422 for anything else), and a
 * retry of that request answers the first event without publishing again; otherwise
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
  const requestSha256 = createHash('sha256').update(JSON.stringify(r.body)).digest('hex');
  const checkFirstUse = (first: { item_id: string; request_sha256: string } | undefined) => {
    if (!first || r.idempotencyKey === undefined) return;
    if (first.item_id !== id) throw keyReused(r.idempotencyKey, true);
    if (first.request_sha256 !== requestSha256) throw keyReused(r.idempotencyKey, false);
  };
  if (r.idempotencyKey !== undefined) checkFirstUse(await tickets.firstRequest(eventId));
  const seen = r.idempotencyKey !== undefined ? await tickets.knownEvent(eventId) : undefined;
  if (seen && seen.item_id !== id) throw keyReused(r.idempotencyKey!, true);
  if (seen) {
    await record({ eventId, duplicate: true });
    return { eventId, itemId: id, decisionRevision: seen.decision_revision, duplicate: true };
  }
  const event = await makeEvent(head, eventId);
  // Claimed only once the request is valid, so a refused request does not use up its key; a concurrent first use
  // of the same key elsewhere is caught here.
  if (r.idempotencyKey !== undefined)
    checkFirstUse(await tickets.claimRequest({ eventId, keyId: caller.keyId, itemId: id, requestSha256 }));
  await publisher.publish(event);
  await record(event);
  return { eventId, itemId: id, decisionRevision: head.decisionRevision, duplicate: false };
}
