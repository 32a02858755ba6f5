import { APPEAL_TEMPLATES } from './appeal-templates';
import { allTownNames, COMMUNITIES, COUNTIES, COUNTY_ALIASES } from './fuyang-places';
import { generateWorkOrders, type HotlineWorkOrder } from './hotline-orders';
import { parseShanghai } from './shanghai-time';

const orders = generateWorkOrders(500);
const allText = (o: HotlineWorkOrder): string => Object.values(o).join('\n');

describe('generateWorkOrders', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateWorkOrders(500)).toEqual(orders);
    expect(generateWorkOrders(500, 12345)).toEqual(orders);
    expect(generateWorkOrders(500, 7)).not.toEqual(orders);
  });

  it('returns the requested count and rejects nonsense counts', () => {
    expect(orders).toHaveLength(500);
    expect(generateWorkOrders(0)).toEqual([]);
    expect(() => generateWorkOrders(-1)).toThrow(RangeError);
    expect(() => generateWorkOrders(1.5)).toThrow(RangeError);
  });

  it('covers all 10 county-level units with at least 40 orders each', () => {
    expect(COUNTIES).toHaveLength(10);
    for (const county of COUNTIES) {
      expect(orders.filter((g) => g.expectedCountyCode === county.code).length).toBeGreaterThanOrEqual(40);
    }
  });

  it('leaves about 8% of orders without any place', () => {
    const placeless = orders.filter((g) => g.expectedCountyCode === null);
    expect(placeless.length / orders.length).toBeGreaterThanOrEqual(0.06);
    expect(placeless.length / orders.length).toBeLessThanOrEqual(0.1);
    const placeNames = [...COUNTIES.map((c) => c.name), ...allTownNames(), ...COMMUNITIES, '阜阳'];
    for (const { order } of placeless) {
      expect(order.incidentAddress).toBe('');
      for (const name of placeNames) expect(allText(order)).not.toContain(name);
    }
  });

  it('names the expected county in address and content, and no other county anywhere', () => {
    for (const { order, expectedCountyCode } of orders) {
      if (expectedCountyCode === null) continue;
      const county = COUNTIES.find((c) => c.code === expectedCountyCode);
      expect(county).toBeDefined();
      expect(order.incidentAddress).toContain(county?.name);
      expect(order.appealContent).toContain(county?.name);
      const foreign = Object.entries(COUNTY_ALIASES)
        .filter(([code]) => code !== expectedCountyCode)
        .flatMap(([, aliases]) => aliases);
      for (const alias of foreign) expect(allText(order)).not.toContain(alias);
    }
  });

  it('gives unique 18-digit record numbers dated by acceptTime', () => {
    const numbers = orders.map((g) => g.order.recordNo);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const { order } of orders) {
      expect(order.recordNo).toMatch(/^341200\d{12}$/);
      expect(order.recordNo.slice(6, 14)).toBe(order.acceptTime.slice(0, 10).replace(/-/g, ''));
    }
  });

  it('writes Shanghai local times in November 2026 with updateTime not before acceptTime', () => {
    const first = parseShanghai('2026-11-01 00:00:00') ?? NaN;
    const last = parseShanghai('2026-11-25 23:59:59') ?? NaN;
    for (const { order } of orders) {
      const accepted = parseShanghai(order.acceptTime);
      const updated = parseShanghai(order.updateTime);
      expect(accepted).not.toBeNull();
      expect(updated).not.toBeNull();
      expect(accepted).toBeGreaterThanOrEqual(first);
      expect(accepted).toBeLessThanOrEqual(last);
      expect(updated ?? NaN).toBeGreaterThanOrEqual(accepted ?? NaN);
    }
    // Equal updateTimes must occur, or the (updateTime, recordNo) ordering is never exercised.
    const updateTimes = orders.map((g) => g.order.updateTime);
    expect(new Set(updateTimes).size).toBeLessThan(updateTimes.length);
  });

  it('keeps every field inside its documented vocabulary', () => {
    for (const { order } of orders) {
      expect(order.contactPhone).toMatch(/^1[3-9]\d{9}$/);
      expect(['投诉', '求助', '咨询', '建议', '举报', '表扬']).toContain(order.appealType);
      expect(['一般', '紧急']).toContain(order.urgency);
      expect(['待派单', '已派单', '办理中', '已办结']).toContain(order.status);
      expect(['电话', '微信', '网站', '皖事通']).toContain(order.sourceChannel);
      expect(['0', '1']).toContain(order.repeatFlag);
      expect(order.citizenName).toMatch(order.anonymousFlag === '1' ? /^匿名$/ : /^\p{Script=Han}+\*{1,2}$/u);
      expect(order.appealContent.length).toBeGreaterThanOrEqual(40);
      expect(order.appealContent.length).toBeLessThanOrEqual(200);
      expect(order.appealContent).toMatch(/^市民/);
      expect(order.appealTitle.length).toBeGreaterThan(0);
    }
  });

  it('uses about 30 topics and most of them in 500 orders', () => {
    expect(APPEAL_TEMPLATES.length).toBeGreaterThanOrEqual(30);
    const titles = new Set(orders.map((g) => g.order.appealTitle));
    const used = APPEAL_TEMPLATES.filter((t) => [...titles].some((title) => title.endsWith(t.title)));
    expect(used.length).toBeGreaterThanOrEqual(25);
  });
});
