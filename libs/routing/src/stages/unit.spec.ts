import { type Decision } from '@minsheng/shared/contracts';
import { seedRoutingContext } from '../reference/seed-context';
import { type RuleEvaluation } from '../rules';
import { type DepartmentInfo } from '../unit-naming';
import { placeUnit, placeUnits } from './unit';

const ctx = seedRoutingContext();
const dept = (code: string): DepartmentInfo => ctx.departments.get(code)!;
const town: Decision['jurisdiction'] = {
  county: '颍州区',
  town: '文峰街道',
  codes: { county: '341202', town: '341202002' },
  method: 'gazetteer_text',
  confidence: 0.98,
};
const nowhere: Decision['jurisdiction'] = { codes: {}, method: 'none', confidence: 0 };

function evaluation(more: Partial<RuleEvaluation>): RuleEvaluation {
  return {
    version: 2,
    matches: [],
    co: [],
    territorial: false,
    cityWide: false,
    tags: [],
    explanation: [],
    ...more,
  };
}

describe('level and unit stage (属地管理)', () => {
  it('county unit by default, city when the rule says city-wide or no county is known', () => {
    const um = dept('urban-management');
    expect(placeUnit(um, 'auto', town, ctx, false)).toEqual({
      department: 'urban-management',
      level: 'county',
      unitName: '颍州区城市管理局',
    });
    expect(placeUnit(um, 'auto', town, ctx, true)?.level).toBe('city');
    expect(placeUnit(um, 'auto', nowhere, ctx, false)).toMatchObject({
      level: 'city',
      unitName: '阜阳市城市管理局',
    });
  });

  it('a level the department does not have falls back to territorial management; a town unit needs a town', () => {
    expect(placeUnit(dept('housing-provident-fund'), 'county', town, ctx, false)?.level).toBe('city');
    expect(placeUnit(dept('town-office'), 'auto', town, ctx, false)?.unitName).toBe('文峰街道办事处');
    expect(
      placeUnit(
        dept('town-office'),
        'auto',
        { ...town, town: undefined, codes: { county: '341202' } },
        ctx,
        false,
      ),
    ).toBeUndefined();
  });

  it('a territorial matter with a known town: the town office leads, the competent department supports', () => {
    const ev = evaluation({ territorial: true });
    const placed = placeUnits(
      { dept: dept('urban-management'), level: 'auto', ruleId: 'r' },
      ev,
      town,
      ctx,
      new Set(),
    );
    expect(placed.lead).toMatchObject({ department: 'town-office', unitName: '文峰街道办事处' });
    expect(placed.co).toEqual([expect.objectContaining({ department: 'urban-management', level: 'county' })]);
    expect(placed.explanation).toEqual(['territorial: the 文峰街道 office leads, 城市管理局 supports']);
  });

  it('once the town office has returned it, the department leads again', () => {
    const ev = evaluation({ territorial: true });
    const competent = { dept: dept('urban-management'), level: 'auto' as const, ruleId: 'r' };
    const placed = placeUnits(competent, ev, town, ctx, new Set(['town-office']));
    expect(placed.lead?.department).toBe('urban-management');
    expect(placed.explanation).toEqual([]);
  });

  it('co-departments come once each, never the lead and never one that returned the ticket', () => {
    const co = (department: string) => ({ department, level: 'auto' as const, ruleId: 'r' });
    const ev = evaluation({ co: [co('transport'), co('urban-management'), co('transport'), co('health')] });
    const competent = { dept: dept('urban-management'), level: 'auto' as const, ruleId: 'r' };
    const placed = placeUnits(competent, ev, town, ctx, new Set(['health']));
    expect(placed.co.map((u) => u.unitName)).toEqual(['颍州区交通运输局']);
  });
});
