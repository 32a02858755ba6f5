import { hammingDistance, simhash, simhashBands, simhashFromSql, simhashToSql } from './simhash';

describe('simhash', () => {
  const a =
    '颍州区清河街道某小区门口有摊贩占道经营，随意丢弃垃圾，影响道路卫生和通行，希望城管部门尽快处理。';
  const b = '清河街道某小区门口有摊贩占道经营，随意丢垃圾，严重影响道路卫生和通行，请城管部门尽快处理！';
  const c = '本人在太和县某建筑工地务工，老板拖欠三个月工资共计一万二千元，多次讨要无果。';

  it('puts retellings of one appeal a few bits apart and different appeals far apart', () => {
    expect(hammingDistance(simhash(a), simhash(b))).toBeLessThanOrEqual(10);
    expect(hammingDistance(simhash(a), simhash(c))).toBeGreaterThan(16);
  });

  it('ignores punctuation and spacing', () => {
    expect(simhash('拖欠 工资，请处理。')).toBe(simhash('拖欠工资请处理'));
  });

  it('round-trips through PostgreSQL bigint and splits into bands', () => {
    const h = simhash(a);
    expect(simhashFromSql(simhashToSql(h))).toBe(h);
    const bands = simhashBands(h);
    expect(bands).toHaveLength(4);
    expect(bands.every((x) => x >= 0 && x <= 0xffff)).toBe(true);
    expect(hammingDistance(0b1011n, 0b0001n)).toBe(2);
  });
});
