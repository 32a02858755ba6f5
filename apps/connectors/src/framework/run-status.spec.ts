import { backoffMs, judgeRun } from './run-status';

describe('judgeRun', () => {
  const ok = { fetched: 10, emitted: 4, unchanged: 5, quarantined: 1 };

  it('succeeds when some records parse', () => {
    expect(judgeRun(ok, undefined, 0)).toEqual({ kind: 'succeeded' });
  });

  it('degrades on a layout change, whether reported or seen as all records failing', () => {
    expect(judgeRun(ok, { kind: 'layout_changed', message: 'zero rows' }, 0)).toMatchObject({
      kind: 'degraded',
      reason: 'layout_changed',
    });
    expect(judgeRun({ fetched: 5, emitted: 0, unchanged: 0, quarantined: 5 }, undefined, 0)).toMatchObject({
      kind: 'degraded',
      reason: 'layout_changed',
    });
  });

  it('fails with a growing backoff otherwise', () => {
    const v = judgeRun(ok, { kind: 'temporary', message: '503' }, 2);
    expect(v).toMatchObject({ kind: 'failed', errorKind: 'temporary' });
    expect(backoffMs(1, () => 0)).toBe(15_000);
    expect(backoffMs(1, () => 1)).toBe(30_000);
    expect(backoffMs(3, () => 1)).toBe(120_000);
    expect(backoffMs(20, () => 1)).toBe(30 * 60_000);
  });
});
