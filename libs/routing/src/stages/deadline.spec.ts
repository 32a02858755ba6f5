import { sampleItem } from '../../../../test/fixtures/appeal-item';
import { seedRoutingContext } from '../reference/seed-context';
import { deadline } from './deadline';

const ctx = seedRoutingContext();
// Received Friday 18 September 2026 in the evening: the day of receipt never counts, Sunday 20 is a 调休 working
// day, so Sun 20, Mon 21 … Thu 24 are the five.
const item = sampleItem({ receivedAt: '2026-09-18T21:30:00+08:00' });

describe('deadline stage', () => {
  it('counts the grade working days after the day of receipt and explains the count', () => {
    expect(deadline(item, 'general', ctx)).toEqual({
      workingDays: 5,
      dueAt: '2026-09-24T23:59:59.999+08:00',
      calendarFallback: undefined,
      note: 'deadline: 5 working days after the day of receipt (general)',
    });
  });

  it('complex matters take the policy days, not the table', () => {
    const slower = { ...ctx, policy: { ...ctx.policy, complexWorkingDays: 20 } };
    expect(deadline(item, 'complex', slower)).toMatchObject({
      workingDays: 20,
      note: 'deadline: 20 working days after the day of receipt (complex)',
    });
  });
});
