import { type RoutedTicketV1 } from '@minsheng/shared/contracts';
import { sampleItem } from '../../../test/fixtures/appeal-item';
import { seedRoutingContext } from './reference/seed-context';
import { reopenDecision, reopenWorkingDays } from './reopen-decision';
import { routeItem } from './route-item';

const ctx = seedRoutingContext();
const item = sampleItem({
  content: '颍上县慎城镇某小区门口垃圾堆积没人清运',
  receivedAt: '2026-09-20T10:00:00+08:00',
  location: { addressText: '阜阳市颍上县慎城镇', precision: 'address', origin: 'citizen' },
});
const closed: RoutedTicketV1 = {
  schemaVersion: 1,
  item,
  decision: routeItem(item, ctx, new Date('2026-09-20T02:00:00Z')),
  decisionRevision: 3,
};
// Rated on the last working day before 国庆: the holiday days do not count.
const ratedAt = new Date('2026-09-30T03:00:00Z');

describe('reopenDecision (办理不满意专区)', () => {
  it('routes the closed ticket automatically to start with', () => {
    expect(closed.decision.mode).toBe('auto');
    expect(closed.decision.lead).toBeDefined();
  });

  it('halves the working days, rounded up, never below one', () => {
    expect(['urgent', 'simple', 'general', 'complex'].map((g) => reopenWorkingDays(g as never, ctx))).toEqual(
      [1, 1, 3, 8],
    );
  });

  it('goes back to the same units under 督办 with the shorter deadline from the day of the rating', () => {
    const d = reopenDecision(closed, { count: 1, comment: '没有处理' }, { maxReopens: 2 }, ctx, ratedAt);
    const days = reopenWorkingDays(closed.decision.grade, ctx);
    expect(d).toMatchObject({
      mode: 'auto',
      supervised: true,
      reopen: { count: 1, ratedRevision: 3 },
      lead: closed.decision.lead,
      co: closed.decision.co,
      grade: closed.decision.grade,
      jurisdiction: closed.decision.jurisdiction,
      workingDays: days,
      decidedAt: ratedAt.toISOString(),
    });
    expect(d.reason).toBeUndefined();
    expect(d.dueAt).toBe(ctx.calendar.dueDate(ratedAt, days).dueAt);
    // A simple matter: one working day after 30 September is 8 October, past 国庆.
    expect([closed.decision.grade, d.dueAt]).toEqual(['simple', '2026-10-08T23:59:59.999+08:00']);
    expect(d.explanation[0]).toBe('不满意 on decision 3: 没有处理');
  });

  it('sends the ticket to the triage desk past the allowed re-opens', () => {
    const d = reopenDecision(closed, { count: 3 }, { maxReopens: 2 }, ctx, ratedAt);
    expect(d).toMatchObject({
      mode: 'triage',
      reason: 'dissatisfied_too_often',
      co: [],
      reopen: { count: 3 },
    });
    expect(d.lead).toBeUndefined();
    expect(d.dueAt).toBeUndefined();
  });
});
