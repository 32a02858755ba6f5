import { retryAfterMs } from './http-fetcher';

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, capped at two minutes', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('100000')).toBe(120000);
    const now = Date.parse('2026-11-27T08:00:00Z');
    expect(retryAfterMs('Fri, 27 Nov 2026 08:00:10 GMT', now)).toBe(10000);
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
