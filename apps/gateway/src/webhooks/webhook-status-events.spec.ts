import { type FeedbackV1, type RoutedTicketV1 } from '@minsheng/shared/contracts';
import { sampleItem } from '../../../../test/fixtures/appeal-item';
import { webhookBody } from './webhook-body';
import { type CandidateSubscription, matchDeliveries } from './webhook-matcher';
import { type AnsweredDecision, statusEvents } from './webhook-status-events';

const YS = `ap_${'a'.repeat(32)}`;
const LQ = `ap_${'b'.repeat(32)}`;

function ticket(id: string, county: string, decisionRevision = 1, mode: 'auto' | 'triage' = 'auto') {
  return {
    schemaVersion: 1,
    item: sampleItem({ id }),
    decisionRevision,
    decision: {
      jurisdiction: { codes: { county }, method: 'gazetteer_text', confidence: 0.9 },
      lead:
        mode === 'auto' ? { department: 'housing-construction', level: 'county', unitName: 'x' } : undefined,
      co: [],
      grade: 'general',
      tags: [],
      returnedBy: [],
      ruleSetVersion: 2,
      matchedRules: [],
      explanation: [],
      mode,
      decidedAt: '2026-11-20T10:00:00+08:00',
    },
  } satisfies RoutedTicketV1;
}

function fb(itemId: string, kind: FeedbackV1['kind'], decisionRevision = 1, more: Partial<FeedbackV1> = {}) {
  return {
    schemaVersion: 1,
    eventId: `ev_${kind}_${itemId.slice(3, 4)}_${decisionRevision}`,
    itemId,
    decisionRevision,
    kind,
    department: 'housing-construction',
    actor: '张三',
    at: '2026-11-21T09:00:00+08:00',
    ...(kind === 'returned' ? { reason: '不属于本单位职责' } : {}),
    ...more,
  } satisfies FeedbackV1;
}

const store = new Map<string, RoutedTicketV1>([
  [`${YS}#1`, ticket(YS, '341226')],
  [`${LQ}#1`, ticket(LQ, '341221')],
]);
/** Every item's newest decision is revision 1 unless said otherwise. */
const lookup =
  (feedback: FeedbackV1[], newest: Record<string, number> = {}) =>
  (i: number): AnsweredDecision => {
    const f = feedback[i];
    return {
      ticket: store.get(`${f.itemId}#${f.decisionRevision}`),
      newestBefore: newest[f.itemId] ?? (store.has(`${f.itemId}#1`) ? 1 : undefined),
    };
  };
const run = (feedback: FeedbackV1[], newest?: Record<string, number>) =>
  statusEvents(feedback, lookup(feedback, newest));

const sub = (id: string, counties: string[], events: string[]): CandidateSubscription => ({
  id,
  events,
  counties: [],
  departments: [],
  grades: [],
  channels: [],
  createdAt: new Date('2026-11-01T00:00:00Z'),
  key: { id: `k-${id}`, name: id, role: 'consumer', counties, departments: [] },
});

describe('webhook status events', () => {
  it('makes ticket.accepted and ticket.closed from the feedback and the decision it answers', () => {
    const { events, ignored } = run([fb(YS, 'accepted'), fb(YS, 'closed', 1, { reason: '已修复' })]);
    expect(ignored).toEqual([]);
    expect(events.map((e) => e.event)).toEqual(['ticket.accepted', 'ticket.closed']);
    expect(events[1].at).toBe('2026-11-21T09:00:00+08:00');
    expect(events[1].ticket).toBe(store.get(`${YS}#1`));
    expect(JSON.parse(events[1].payload)).toEqual({
      feedback: {
        eventId: `ev_closed_a_1`,
        kind: 'closed',
        department: 'housing-construction',
        reason: '已修复',
        at: '2026-11-21T09:00:00+08:00',
      },
      ticket: store.get(`${YS}#1`),
    });
    // Who clicked in the unit's system is theirs to know, not every subscriber's.
    expect(events[0].payload).not.toContain('张三');
    expect(JSON.parse(events[0].payload).feedback).not.toHaveProperty('reason');
  });

  it('ignores feedback for an unknown decision, a stale one, or a decision left to triage', () => {
    const triage = `ap_${'c'.repeat(32)}`;
    store.set(`${triage}#1`, ticket(triage, '341226', 1, 'triage'));
    const { events, ignored } = run([fb(YS, 'closed', 3), fb(LQ, 'closed', 1), fb(triage, 'accepted')], {
      [YS]: 3,
      [LQ]: 2,
    });
    expect(events).toEqual([]);
    expect(ignored.map((x) => [x.itemId, x.decisionRevision, x.why])).toEqual([
      [YS, 3, 'unknown_decision'],
      [LQ, 1, 'stale_decision'],
      [triage, 1, 'not_routed'],
    ]);
  });

  it('treats accept/close after a return of the current decision in the same batch as stale', () => {
    const { events, ignored } = run([
      fb(YS, 'accepted'),
      fb(YS, 'returned'),
      fb(YS, 'closed'),
      fb(LQ, 'returned', 2), // answers no current decision: the router re-decides nothing
      fb(LQ, 'closed'),
    ]);
    expect(events.map((e) => `${e.event}:${e.ticket.item.id}`)).toEqual([
      `ticket.accepted:${YS}`,
      `ticket.closed:${LQ}`,
    ]);
    expect(ignored.map((x) => [x.itemId, x.why])).toEqual([[YS, 'stale_decision']]);
  });

  it("matches on the answered ticket's county with the key's scope and the subscription's event types", () => {
    const { events } = run([fb(YS, 'accepted'), fb(YS, 'closed'), fb(LQ, 'closed')]);
    const ys = sub('ys', ['341226'], ['ticket.closed']);
    const city = sub(
      'city',
      ['341200'],
      ['ticket.routed', 'ticket.triage', 'ticket.accepted', 'ticket.closed'],
    );
    const routedOnly = sub('old', ['341200'], ['ticket.routed', 'ticket.triage']);
    const late = {
      ...sub('late', ['341200'], ['ticket.closed']),
      createdAt: new Date('2026-11-22T00:00:00Z'),
    };
    const out = matchDeliveries(events, [ys, city, routedOnly, late]);
    expect(out.map((d) => `${d.subscriptionId}:${d.event}:${d.itemId.slice(3, 4)}`).sort()).toEqual([
      'city:ticket.accepted:a',
      'city:ticket.closed:a',
      'city:ticket.closed:b',
      'ys:ticket.closed:a',
    ]);
  });

  it('puts the feedback and the ticket in the body, under an event id distinct from the decision’s own', () => {
    const { events } = run([fb(YS, 'closed')]);
    const body = (event: string, payload: unknown) =>
      JSON.parse(
        webhookBody({
          id: 'whd_1',
          subscriptionId: 'whs_1',
          event,
          itemId: YS,
          decisionRevision: 1,
          createdAt: new Date('2026-11-21T01:00:00Z'),
          payload,
        }),
      ) as Record<string, unknown>;
    const { feedback, ticket: answered } = JSON.parse(events[0].payload) as Record<string, unknown>;
    // jsonb hands keys back in its own order (shorter first); the body's order is fixed regardless.
    const closed = body('ticket.closed', { ticket: answered, feedback });
    const routed = body('ticket.routed', store.get(`${YS}#1`));
    expect(closed).toMatchObject({
      event: 'ticket.closed',
      eventId: `${YS}:1:ticket.closed`,
      feedback: { kind: 'closed', eventId: 'ev_closed_a_1' },
      ticket: store.get(`${YS}#1`),
    });
    expect(routed).toEqual(expect.objectContaining({ eventId: `${YS}:1:ticket.routed` }));
    expect(routed).not.toHaveProperty('feedback');
    expect(Object.keys(closed)).toEqual([
      'event',
      'eventId',
      'deliveryId',
      'subscriptionId',
      'createdAt',
      'feedback',
      'ticket',
    ]);
  });
});
