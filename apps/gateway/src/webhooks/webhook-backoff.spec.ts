import { backoffMs } from './webhook-backoff';

describe('webhook backoff', () => {
  it('doubles per attempt between half and all of the step, and stops at the cap', () => {
    expect(backoffMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffMs(3, 1000, 60_000, () => 1)).toBe(4000);
    expect(backoffMs(20, 1000, 60_000, () => 1)).toBe(60_000);
    expect(backoffMs(80, 1000, 60_000, () => 0.5)).toBe(45_000);
  });
});
