/** The JSON a receiver gets; the same bytes on every attempt of one delivery (only the timestamp header changes). */
export function webhookBody(d: {
  id: string;
  subscriptionId: string;
  event: string;
  itemId: string;
  decisionRevision: number;
  createdAt: Date;
  payload: unknown;
}): string {
  return JSON.stringify({
    event: d.event,
    /** Stable across retries and redeliveries: what a receiver dedupes on. */
    eventId: eventIdOf(d),
    deliveryId: d.id,
    subscriptionId: d.subscriptionId,
    createdAt: d.createdAt.toISOString(),
    ticket: d.payload,
  });
}

export function eventIdOf(d: { itemId: string; decisionRevision: number; event: string }): string {
  return `${d.itemId}:${d.decisionRevision}:${d.event}`;
}
