import { publishedTicket, type RoutedTicketV1 } from '@minsheng/shared/contracts';

/**
 * The JSON a receiver gets; the same bytes on every attempt of one delivery (only the timestamp header changes), but
 * for `media`, whose signed links are made fresh for each attempt so a late retry does not carry expired ones.
 */
export function webhookBody(d: {
  id: string;
  subscriptionId: string;
  event: string;
  itemId: string;
  decisionRevision: number;
  createdAt: Date;
  payload: unknown;
  /** Signed links to the item's stored attachments, made per attempt: they expire (decision 021). */
  media?: readonly unknown[];
}): string {
  return JSON.stringify({
    event: d.event,
    /** Stable across retries and redeliveries: what a receiver dedupes on. */
    eventId: eventIdOf(d),
    deliveryId: d.id,
    subscriptionId: d.subscriptionId,
    createdAt: d.createdAt.toISOString(),
    ...bodyOf(d.event, d.payload),
    ...(d.media?.length ? { media: d.media } : {}),
  });
}

/**
 * One event per item, decision revision and event type. The event type is part of the id, so a decision's
 * ticket.routed and the ticket.accepted / ticket.closed answering it never share one.
 */
export function eventIdOf(d: { itemId: string; decisionRevision: number; event: string }): string {
  return `${d.itemId}:${d.decisionRevision}:${d.event}`;
}

const SUPERVISION_EVENTS = new Set(['ticket.due_soon', 'ticket.overdue', 'ticket.escalated']);

/**
 * Status events store {feedback, ticket}, 督办 events {supervision, ticket}; decisions store the ticket itself; a
 * hotspot (about no one ticket) its HotspotEventV1, sent as {hotspot}. Named here so the order is fixed.
 */
function bodyOf(
  event: string,
  payload: unknown,
): { feedback?: unknown; supervision?: unknown; hotspot?: unknown; ticket?: unknown } {
  if (event === 'hotspot.detected') return { hotspot: payload };
  if (SUPERVISION_EVENTS.has(event)) {
    const p = payload as { supervision: unknown; ticket: unknown };
    return { supervision: p.supervision, ticket: published(p.ticket) };
  }
  if (event !== 'ticket.accepted' && event !== 'ticket.closed') return { ticket: published(payload) };
  const p = payload as { feedback: unknown; ticket: unknown };
  return { feedback: p.feedback, ticket: published(p.ticket) };
}

/** Deliveries queued before decision 023 hold tickets with the reporter's phoneHash: never sent. */
function published(ticket: unknown): unknown {
  const t = ticket as RoutedTicketV1 | undefined;
  return t?.item?.reporter ? publishedTicket(t) : ticket;
}
