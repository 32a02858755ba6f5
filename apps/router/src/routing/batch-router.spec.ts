import { type KafkaMessage } from 'kafkajs';
import { type FeedbackV1, type RoutedTicketV1 } from '@minsheng/shared/contracts';
import { sampleItem } from '../../../../test/fixtures/appeal-item';
import {
  type BatchWrite,
  type DecisionRepository,
  type LatestDecision,
  originKey,
  type DuplicateFinder,
  seedRoutingContext,
  routeItem,
} from '@minsheng/routing';
import { BatchRouter } from './batch-router';

const ctx = seedRoutingContext();
const now = new Date('2026-11-20T02:00:00Z');

/** Decisions and feedback in memory, as the PostgreSQL repository would keep them. */
class MemoryDecisions {
  readonly tickets: { ticket: RoutedTicketV1; originKey: string }[] = [];
  readonly feedback: FeedbackV1[] = [];
  readonly deadLetters: BatchWrite['deadLetters'] = [];

  byOrigins(origins: { topic: string; partition: number; offset: string }[]) {
    const keys = new Set(origins.map(originKey));
    return Promise.resolve(
      new Map(this.tickets.filter((t) => keys.has(t.originKey)).map((t) => [t.originKey, t.ticket])),
    );
  }
  latest(ids: string[]) {
    const out = new Map<string, LatestDecision>();
    for (const { ticket } of this.tickets)
      if (
        ids.includes(ticket.item.id) &&
        (out.get(ticket.item.id)?.decisionRevision ?? 0) < ticket.decisionRevision
      )
        out.set(ticket.item.id, {
          itemRevision: ticket.item.revision,
          decisionRevision: ticket.decisionRevision,
          ticket,
        });
    return Promise.resolve(out);
  }
  decisionsAt(pairs: { itemId: string; decisionRevision: number }[]) {
    const want = new Set(pairs.map((p) => `${p.itemId}#${p.decisionRevision}`));
    return Promise.resolve(
      new Map(
        this.tickets
          .map(({ ticket }) => [`${ticket.item.id}#${ticket.decisionRevision}`, ticket] as const)
          .filter(([k]) => want.has(k)),
      ),
    );
  }
  returnsSoFar(ids: string[]) {
    const out = new Map<string, string[]>();
    for (const f of this.feedback)
      if (f.kind === 'returned' && ids.includes(f.itemId))
        out.set(f.itemId, [...(out.get(f.itemId) ?? []), f.department]);
    return Promise.resolve(out);
  }
  knownFeedbackEvents(ids: string[]) {
    return Promise.resolve(
      new Set(this.feedback.filter((f) => ids.includes(f.eventId)).map((f) => f.eventId)),
    );
  }
  /** Another writer's work landing between the router's reads and its write (a replica about to be fenced). */
  beforeWrite?: () => void;
  write(batch: BatchWrite) {
    this.beforeWrite?.();
    this.feedback.push(...batch.feedback);
    this.deadLetters.push(...batch.deadLetters);
    const inserted = new Set<string>();
    for (const d of batch.decisions) {
      const key = originKey(d.origin);
      const taken = this.tickets.some(
        (t) =>
          t.originKey === key ||
          (t.ticket.item.id === d.ticket.item.id && t.ticket.decisionRevision === d.ticket.decisionRevision),
      );
      if (taken) continue; // ON CONFLICT DO NOTHING
      this.tickets.push({ ticket: d.ticket, originKey: key });
      inserted.add(key);
    }
    return Promise.resolve(inserted);
  }
}

const item = sampleItem({ id: `ap_${'a'.repeat(32)}`, content: '小区物业长期不维修电梯，业主多次反映无果' });
let offset = 0;
const message = (value: unknown): KafkaMessage => ({
  key: Buffer.from(item.id),
  value: Buffer.from(JSON.stringify(value)),
  offset: String(offset++),
  timestamp: '0',
  attributes: 0,
  headers: {},
});

function dispatch(eventId: string, decisionRevision: number, lead: string): FeedbackV1 {
  return {
    schemaVersion: 1,
    eventId,
    itemId: item.id,
    decisionRevision,
    kind: 'dispatched',
    department: lead,
    reason: '市平台人工派单',
    assignment: { county: '341202', lead, co: [], grade: 'general' },
    actor: 'key:0123456789abcdef:dispatcher',
    at: now.toISOString(),
  };
}

describe('BatchRouter: manual dispatch from appeal.feedback.v1', () => {
  let store: MemoryDecisions;
  let router: BatchRouter;

  beforeEach(() => {
    store = new MemoryDecisions();
    store.tickets.push({
      ticket: { schemaVersion: 1, item, decision: routeItem(item, ctx, now), decisionRevision: 1 },
      originKey: 'appeal.items.v1:0:0',
    });
    router = new BatchRouter(store as unknown as DecisionRepository, {} as DuplicateFinder, {
      maxReturns: 2,
      topicPrefix: 'p.',
    });
  });

  it('makes the assignment the next decision, published on routed', async () => {
    expect(store.tickets[0].ticket.decision.mode).toBe('triage');
    const out = await router.route(
      'p.appeal.feedback.v1',
      0,
      [message(dispatch('ev-first-1', 1, 'urban-management'))],
      ctx,
      now,
    );
    expect(out).toHaveLength(1);
    expect(out[0].topic).toBe('routed');
    const ticket = JSON.parse(out[0].value.toString()) as RoutedTicketV1;
    expect(ticket).toMatchObject({
      decisionRevision: 2,
      decision: {
        mode: 'auto',
        jurisdiction: { method: 'manual', codes: { county: '341202' } },
        lead: { department: 'urban-management', unitName: '颍州区城市管理局' },
      },
    });
    expect(store.feedback.map((f) => f.kind)).toEqual(['dispatched']);
  });

  it('publishes the decision a fenced replica stored for this very message while this call was deciding it', async () => {
    const event = message(dispatch('ev-raced', 1, 'urban-management'));
    const theirs: RoutedTicketV1 = {
      ...store.tickets[0].ticket,
      decision: { ...store.tickets[0].ticket.decision, explanation: ['decided by the fenced replica'] },
      decisionRevision: 2,
    };
    store.beforeWrite = () =>
      store.tickets.push({ ticket: theirs, originKey: `appeal.feedback.v1:0:${event.offset}` });
    const out = await router.route('p.appeal.feedback.v1', 0, [event], ctx, now);
    expect(out.map((o) => JSON.parse(o.value.toString()) as RoutedTicketV1)).toEqual([theirs]);
    expect(store.tickets).toHaveLength(2);
  });

  it('publishes nothing when the stored decision for that revision came from another message', async () => {
    const event = message(dispatch('ev-later-copy', 1, 'urban-management'));
    store.beforeWrite = () =>
      store.tickets.push({
        ticket: { ...store.tickets[0].ticket, decisionRevision: 2 },
        originKey: 'appeal.feedback.v1:0:999999',
      });
    const out = await router.route('p.appeal.feedback.v1', 0, [event], ctx, now);
    expect(out).toEqual([]);
  });

  it('lets the first of two dispatches for one revision win; the second, in the same batch or later, changes nothing', async () => {
    const out = await router.route(
      'p.appeal.feedback.v1',
      0,
      [
        message(dispatch('ev-first-1', 1, 'urban-management')),
        message(dispatch('ev-second', 1, 'transport')),
      ],
      ctx,
      now,
    );
    expect(
      out.map((o) => (JSON.parse(o.value.toString()) as RoutedTicketV1).decision.lead?.department),
    ).toEqual(['urban-management']);
    const later = await router.route(
      'p.appeal.feedback.v1',
      0,
      [message(dispatch('ev-third-', 1, 'transport'))],
      ctx,
      now,
    );
    expect(later).toEqual([]);
    expect(store.tickets.map((t) => t.ticket.decisionRevision)).toEqual([1, 2]);
    // Both late events are still on record, for the trace.
    expect(store.feedback.map((f) => f.eventId)).toEqual(['ev-first-1', 'ev-second', 'ev-third-']);
  });

  it('re-publishes the stored decision when the same message is read again, and ignores a re-sent event', async () => {
    const m = message(dispatch('ev-first-1', 1, 'urban-management'));
    const first = await router.route('p.appeal.feedback.v1', 0, [m], ctx, now);
    const again = await router.route('p.appeal.feedback.v1', 0, [m], ctx, now);
    expect(again).toEqual(first);
    const resent = await router.route(
      'p.appeal.feedback.v1',
      0,
      [message(dispatch('ev-first-1', 1, 'urban-management'))],
      ctx,
      now,
    );
    expect(resent).toEqual([]);
    expect(store.tickets).toHaveLength(2);
  });

  it('dead-letters an assignment the catalogue no longer has, without storing the event', async () => {
    const out = await router.route(
      'p.appeal.feedback.v1',
      0,
      [message(dispatch('ev-gone-00', 1, 'gone-department'))],
      ctx,
      now,
    );
    expect(out.map((o) => o.topic)).toEqual(['dlq']);
    expect(store.deadLetters[0]).toMatchObject({
      reasonCode: 'processing_failed',
      reason: expect.stringContaining('gone-department'),
    });
    expect(store.feedback).toEqual([]);
    expect(store.tickets).toHaveLength(1);
  });
});

describe('BatchRouter: feedback it re-checks (only the gateway may write it)', () => {
  let store: MemoryDecisions;
  let router: BatchRouter;
  let routed: RoutedTicketV1;
  const unitEvent = (more: Partial<FeedbackV1>): FeedbackV1 => ({
    schemaVersion: 1,
    eventId: `ev-${offset}-unit`,
    itemId: item.id,
    decisionRevision: 1,
    kind: 'returned',
    department: routed.decision.lead!.department,
    reason: '不属于本单位职责',
    actor: 'key:0123456789abcdef:unit',
    at: now.toISOString(),
    ...more,
  });

  beforeEach(() => {
    store = new MemoryDecisions();
    const placed = sampleItem({
      ...item,
      location: { addressText: '阜阳市颍州区文峰街道', precision: 'address', origin: 'citizen' },
    });
    routed = { schemaVersion: 1, item: placed, decision: routeItem(placed, ctx, now), decisionRevision: 1 };
    store.tickets.push({ ticket: routed, originKey: 'appeal.items.v1:0:0' });
    router = new BatchRouter(store as unknown as DecisionRepository, {} as DuplicateFinder, {
      maxReturns: 2,
      topicPrefix: 'p.',
    });
  });

  const route = (value: unknown) => router.route('p.appeal.feedback.v1', 0, [message(value)], ctx, now);

  it('applies a return from the unit that holds the ticket', async () => {
    expect(routed.decision.mode).toBe('auto');
    const out = await route(unitEvent({}));
    expect(out.map((o) => (JSON.parse(o.value.toString()) as RoutedTicketV1).decisionRevision)).toEqual([2]);
    expect(store.deadLetters).toEqual([]);
  });

  it('dead-letters, with a reason and nothing stored, a return from a department that does not handle it', async () => {
    const out = await route(unitEvent({ department: 'no-such-unit' }));
    expect(out.map((o) => o.topic)).toEqual(['dlq']);
    expect(store.deadLetters[0]).toMatchObject({
      reasonCode: 'not_authorized',
      reason: expect.stringContaining('no-such-unit'),
      origin: { topic: 'p.appeal.feedback.v1' },
    });
    expect(store.feedback).toEqual([]);
    expect(store.tickets).toHaveLength(1);
  });

  it('dead-letters feedback for a decision never made, and a dispatch of a ticket that is not in triage', async () => {
    await route(unitEvent({ decisionRevision: 7 }));
    await route(dispatch('ev-not-triage', 1, 'urban-management'));
    expect(store.deadLetters.map((d) => [d.reasonCode, d.reason])).toEqual([
      ['not_authorized', expect.stringContaining('never made')],
      ['not_authorized', expect.stringContaining('in triage')],
    ]);
    expect(store.tickets).toHaveLength(1);
  });

  it('dead-letters a message with a field the contract does not have', async () => {
    await route({ ...unitEvent({}), producer: 'someone-else' });
    expect(store.deadLetters[0]).toMatchObject({
      reasonCode: 'schema_invalid',
      reason: expect.stringContaining('producer'),
    });
    expect(store.tickets).toHaveLength(1);
  });
});
