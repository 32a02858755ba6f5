import { type AppealItemV1, type RoutedTicketV1 } from '@minsheng/shared/contracts';
import {
  type BatchWrite,
  type LatestDecision,
  type RatingsRepository,
  routeItem,
  seedRoutingContext,
} from '@minsheng/routing';
import { sampleItem } from '../../../../test/fixtures/appeal-item';
import { RatingDecider, ratingOnItem } from './rating-decider';

const ctx = seedRoutingContext();
const now = new Date('2026-11-24T02:00:00Z');
const item = sampleItem({
  content: '颍上县慎城镇某小区门口垃圾堆积没人清运',
  location: { addressText: '阜阳市颍上县慎城镇', precision: 'address', origin: 'citizen' },
});
const ticket: RoutedTicketV1 = {
  schemaVersion: 1,
  item,
  decision: routeItem(item, ctx, now),
  decisionRevision: 1,
};
const origin = (offset: number) => ({ topic: 'appeal.items.v1', partition: 0, offset: String(offset) });
const latestOf = (t = ticket) =>
  new Map<string, LatestDecision>([
    [item.id, { itemRevision: 1, decisionRevision: t.decisionRevision, ticket: t }],
  ]);
const withRating = (satisfaction: string, revision = 2): AppealItemV1 => ({
  ...item,
  revision,
  upstream: { satisfaction, satisfactionComment: '打 13912345678 没人接' },
});

/** ticket_ratings and feedback_events as the repository reads them. */
function repo(closed: string[], rated: string[] = [], dissatisfied = 0) {
  return {
    closedRounds: () => Promise.resolve(new Set(closed)),
    ratedRounds: () => Promise.resolve(new Set(rated)),
    dissatisfiedCounts: () => Promise.resolve(new Map([[item.id, dissatisfied]])),
  } as unknown as RatingsRepository;
}
const emptyWrite = (): BatchWrite => ({ decisions: [], deadLetters: [], fingerprints: [], feedback: [] });

describe('ratingOnItem', () => {
  it('reads a known satisfaction as a rating of the newest decision, from push or upstream', () => {
    const c = ratingOnItem(withRating('满意'), latestOf().get(item.id), origin(5));
    expect(c).toMatchObject({
      itemId: item.id,
      decisionRevision: 1,
      rating: 'satisfied',
      source: 'upstream',
    });
    const pushed = { ...withRating('不满意'), source: { ...item.source, system: 'push' } };
    expect(ratingOnItem(pushed, latestOf().get(item.id), origin(6))?.source).toBe('push');
  });

  it('leaves alone an unknown label, a ticket in triage, and the satisfaction its decision already carried', () => {
    expect(ratingOnItem(withRating('未评价'), latestOf().get(item.id), origin(1))).toBeUndefined();
    const triage = { ...ticket, decision: { ...ticket.decision, mode: 'triage' as const } };
    expect(ratingOnItem(withRating('满意'), latestOf(triage).get(item.id), origin(1))).toBeUndefined();
    const carried = { ...ticket, item: withRating('不满意') };
    expect(ratingOnItem(withRating('不满意', 3), latestOf(carried).get(item.id), origin(1))).toBeUndefined();
  });
});

describe('RatingDecider', () => {
  const candidate = (rating: string, offset: number) =>
    ratingOnItem(withRating(rating), latestOf().get(item.id), origin(offset))!;

  it('records the first rating of a closed round, masked, and ignores a second', async () => {
    const write = emptyWrite();
    const handled = await new RatingDecider(repo([`${item.id}#1`]), { maxReopens: 2 }).decide(
      [candidate('满意', 1), candidate('基本满意', 2)],
      latestOf(),
      new Set(),
      ctx,
      now,
      write,
    );
    expect(handled).toHaveLength(2);
    expect(write.ratings).toEqual([
      expect.objectContaining({
        decisionRevision: 1,
        rating: 'satisfied',
        department: ticket.decision.lead?.department,
      }),
    ]);
    expect(write.ratings?.[0].comment).not.toContain('13912345678');
    expect(write.decisions).toEqual([]);
  });

  it('does not rate an open round, nor one already rated', async () => {
    const open = emptyWrite();
    expect(
      await new RatingDecider(repo([]), { maxReopens: 2 }).decide(
        [candidate('满意', 1)],
        latestOf(),
        new Set(),
        ctx,
        now,
        open,
      ),
    ).toEqual([]);
    expect(open.ratings).toEqual([]);
    const rated = emptyWrite();
    const closedAndRated = repo([`${item.id}#1`], [`${item.id}#1`]);
    await new RatingDecider(closedAndRated, { maxReopens: 2 }).decide(
      [candidate('不满意', 1)],
      latestOf(),
      new Set(),
      ctx,
      now,
      rated,
    );
    expect([rated.ratings, rated.decisions]).toEqual([[], []]);
  });

  it('re-opens on 不满意 (a round closed in the same batch counts), numbered after the earlier ones', async () => {
    const write = emptyWrite();
    const latest = latestOf();
    await new RatingDecider(repo([], [], 1), { maxReopens: 2 }).decide(
      [candidate('不满意', 9)],
      latest,
      new Set([`${item.id}#1`]),
      ctx,
      now,
      write,
    );
    expect(write.decisions).toHaveLength(1);
    expect(write.decisions[0]).toMatchObject({
      origin: origin(9),
      ticket: {
        decisionRevision: 2,
        item: { revision: 2 },
        decision: { mode: 'auto', reopen: { count: 2, ratedRevision: 1 } },
      },
    });
    expect(latest.get(item.id)?.decisionRevision).toBe(2);
  });
});
