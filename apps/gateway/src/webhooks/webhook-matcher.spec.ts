import { type HotspotEventV1, type RoutedTicketV1 } from '@minsheng/shared/contracts';
import { sampleItem } from '../../../../test/fixtures/appeal-item';
import {
  type CandidateSubscription,
  matchDeliveries,
  matchHotspotDeliveries,
  type TicketEvent,
} from './webhook-matcher';

function ticketIn(county: string | undefined, id: string, lead = 'housing-construction'): TicketEvent {
  const ticket: RoutedTicketV1 = {
    schemaVersion: 1,
    item: sampleItem({ id }),
    decisionRevision: 1,
    decision: {
      jurisdiction: { codes: { county }, method: 'gazetteer_text', confidence: 0.9 },
      lead: { department: lead, level: 'county', unitName: 'x' },
      co: [],
      grade: 'general',
      tags: [],
      returnedBy: [],
      ruleSetVersion: 2,
      matchedRules: [],
      explanation: [],
      mode: 'auto',
      decidedAt: '2026-11-20T10:00:00+08:00',
    },
  };
  return {
    event: 'ticket.routed',
    ticket,
    at: ticket.decision.decidedAt,
    payload: JSON.stringify(ticket),
  };
}

function sub(
  id: string,
  key: Partial<CandidateSubscription['key']>,
  more: Partial<CandidateSubscription> = {},
) {
  return {
    id,
    events: ['ticket.routed', 'ticket.triage'],
    counties: [],
    departments: [],
    grades: [],
    channels: [],
    createdAt: new Date('2026-11-01T00:00:00Z'),
    key: { id: `k-${id}`, name: id, role: 'consumer', counties: ['341200'], departments: [], ...key },
    ...more,
  } satisfies CandidateSubscription;
}

const ys = ticketIn('341226', `ap_${'a'.repeat(32)}`);
const lq = ticketIn('341221', `ap_${'b'.repeat(32)}`);
const nowhere = ticketIn(undefined, `ap_${'c'.repeat(32)}`);
const pairs = (subs: CandidateSubscription[], events = [ys, lq, nowhere]) =>
  matchDeliveries(events, subs).map((d) => `${d.subscriptionId}:${d.itemId.slice(3, 4)}`);

describe('webhook matching', () => {
  it("re-checks the key's county scope for every ticket; only city-wide keys see tickets without a county", () => {
    expect(pairs([sub('ys', { counties: ['341226'] }), sub('city', {})]).sort()).toEqual([
      'city:a',
      'city:b',
      'city:c',
      'ys:a',
    ]);
  });

  it("re-checks the key's departments, whatever the subscription's filter says", () => {
    const scoped = sub(
      'd',
      { departments: ['market-regulation'] },
      { departments: ['housing-construction'] },
    );
    expect(pairs([scoped])).toEqual([]);
    const mine = sub('m', { departments: ['housing-construction'] });
    expect(pairs([mine]).sort()).toEqual(['m:a', 'm:b', 'm:c']);
  });

  it('applies the filters and the event types', () => {
    expect(pairs([sub('c', {}, { counties: ['341221'] })])).toEqual(['c:b']);
    expect(pairs([sub('g', {}, { grades: ['urgent'] })])).toEqual([]);
    expect(pairs([sub('ch', {}, { channels: ['mayor_mailbox'] })])).toEqual([]);
    expect(pairs([sub('t', {}, { events: ['ticket.triage'] })])).toEqual([]);
  });

  it('skips decisions made before the subscription existed, and yields one row per event', () => {
    expect(pairs([sub('late', {}, { createdAt: new Date('2026-12-01T00:00:00Z') })])).toEqual([]);
    expect(matchDeliveries([ys, ys], [sub('x', {})])).toHaveLength(1);
  });
});

describe('matchHotspotDeliveries', () => {
  const hotspot = (county: string, topic: HotspotEventV1['topic']): HotspotEventV1 => ({
    schemaVersion: 1,
    eventId: `hs_${county.padEnd(32, '0')}`,
    kind: 'hotspot.detected',
    day: '2026-11-20',
    topic,
    place: { level: 'county', code: county, countyCode: county },
    rise: {
      spanDays: 1,
      observed: 15,
      expected: 2,
      ratio: 7.5,
      pValue: 1e-9,
      threshold: 1e-6,
      dayType: 'working',
      baselineDays: 20,
    },
    samples: [],
    detectedAt: '2026-11-20T10:00:00+08:00',
  });
  const property = hotspot('341202', { kind: 'tag', value: 'property' });
  const housing = hotspot('341226', { kind: 'department', value: 'housing-construction' });
  const all = { events: ['hotspot.detected'] };

  it('delivers to subscriptions in the county scope, once each, keyed by the hotspot id', () => {
    const out = matchHotspotDeliveries(
      [property, housing],
      [
        sub('city', {}, all),
        sub('yz', { counties: ['341202'] }, all),
        sub('routed-only', {}),
        sub('late', {}, { ...all, createdAt: new Date('2026-11-21T00:00:00Z') }),
        sub('filtered', {}, { ...all, counties: ['341226'], grades: ['urgent'] }),
      ],
    );
    expect(out.map((d) => [d.subscriptionId, d.itemId, d.decisionRevision]).sort()).toEqual(
      [
        ['city', property.eventId, 0],
        ['city', housing.eventId, 0],
        ['filtered', housing.eventId, 0],
        ['yz', property.eventId, 0],
      ].sort(),
    );
    expect(JSON.parse(out[0].payload)).toHaveProperty('kind', 'hotspot.detected');
  });

  it('gives a department-scoped key only its departments’ hotspots', () => {
    const out = matchHotspotDeliveries(
      [property, housing],
      [
        sub('housing', { departments: ['housing-construction'] }, all),
        sub('dep-filter', {}, { ...all, departments: ['education'] }),
      ],
    );
    expect(out.map((d) => [d.subscriptionId, d.itemId])).toEqual([['housing', housing.eventId]]);
  });
});
