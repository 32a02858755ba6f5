import { type HotspotEventV1, type RoutedTicketV1 } from '@minsheng/shared/contracts';
import { type ApiKeyRole, type WebhookEvent } from '@minsheng/shared/db';
import { departmentsOf, inScope, principalOf } from '../auth/principal';

export interface TicketEvent {
  event: WebhookEvent;
  /** The decision the event is about: its county and departments are what the key's scope is checked against. */
  ticket: RoutedTicketV1;
  /** When it happened (decidedAt, or the feedback's at): a subscription gets what happened after its creation. */
  at: string;
  /** Stored as the delivery's payload: the ticket as published, or {feedback, ticket} for a status event. */
  payload: string;
}

/** An active subscription whose key is valid right now (unrevoked, unexpired), with the key's scope. */
export interface CandidateSubscription {
  id: string;
  events: string[];
  counties: string[];
  departments: string[];
  grades: string[];
  channels: string[];
  createdAt: Date;
  key: { id: string; name: string; role: ApiKeyRole; counties: string[]; departments: string[] };
}

export interface NewDelivery {
  subscriptionId: string;
  event: WebhookEvent;
  itemId: string;
  decisionRevision: number;
  payload: string;
}

const passes = (filter: string[], ...values: (string | null | undefined)[]): boolean =>
  filter.length === 0 || values.some((v) => !!v && filter.includes(v));

/**
 * Which subscriptions get which events. The key's scope is checked here for every event, with the same rule the
 * ticket API applies (inScope of the key's principal), so a filter can only narrow what the key may see, and a
 * subscription stops receiving the moment its key does. A status event (accepted, closed) is matched on the decision
 * it answers, like that decision's own event. A subscription gets events that happened after it was created: a new
 * consumer group replaying the topics does not flood it with history.
 */
export function matchDeliveries(
  events: TicketEvent[],
  subscriptions: CandidateSubscription[],
): NewDelivery[] {
  const out = new Map<string, NewDelivery>();
  for (const { event, ticket, at, payload } of events) {
    const county = ticket.decision.jurisdiction.codes.county;
    const departments = departmentsOf(ticket);
    const happenedAt = Date.parse(at);
    for (const s of subscriptions) {
      if (!s.events.includes(event) || s.createdAt.getTime() > happenedAt) continue;
      if (!inScope(principalOf(s.key), county, departments)) continue;
      if (!passes(s.counties, county) || !passes(s.departments, ...departments)) continue;
      if (!passes(s.grades, ticket.decision.grade) || !passes(s.channels, ticket.item.channel)) continue;
      const key = `${s.id}|${ticket.item.id}|${ticket.decisionRevision}|${event}`;
      out.set(key, {
        subscriptionId: s.id,
        event,
        itemId: ticket.item.id,
        decisionRevision: ticket.decisionRevision,
        payload,
      });
    }
  }
  return [...out.values()];
}

/**
 * Which subscriptions hear of which hotspots (hotspot.detected). A hotspot is about a place and a topic, not a
 * ticket: the key's counties and the subscription's county filter apply to its county; a department-scoped key, or a
 * subscription filtering departments, hears only of hotspots whose topic is one of those departments; grade and
 * channel filters do not narrow hotspots (a hotspot has neither). One delivery per subscription and hotspot: its id
 * stands in the item id, decision revision 0.
 */
export function matchHotspotDeliveries(
  hotspots: HotspotEventV1[],
  subscriptions: CandidateSubscription[],
): NewDelivery[] {
  const out: NewDelivery[] = [];
  for (const h of hotspots) {
    const departments = h.topic.kind === 'department' ? [h.topic.value] : [];
    for (const s of subscriptions) {
      if (!s.events.includes('hotspot.detected') || s.createdAt.getTime() > Date.parse(h.detectedAt))
        continue;
      if (!inScope(principalOf(s.key), h.place.countyCode, departments)) continue;
      if (!passes(s.counties, h.place.countyCode)) continue;
      if (s.departments.length && !departments.some((d) => s.departments.includes(d))) continue;
      out.push({
        subscriptionId: s.id,
        event: 'hotspot.detected',
        itemId: h.eventId,
        decisionRevision: 0,
        payload: JSON.stringify(h),
      });
    }
  }
  return out;
}
