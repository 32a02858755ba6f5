import { WorkingCalendar } from '@minsheng/shared/calendar';
import { type AppealItemV1 } from '@minsheng/shared/contracts';
import { Gazetteer, type Division } from '@minsheng/shared/gazetteer';
import calendar from '@minsheng/shared/seed/cn-calendar-2026.json';
import departments from '@minsheng/shared/seed/departments.json';
import divisions from '@minsheng/shared/seed/fuyang-divisions.json';
import { DEFAULT_RULES } from '@minsheng/shared/seed/default-rules';
import { sampleItem } from '../../../../test/fixtures/appeal-item';
import { KeywordRuleEngine } from '../rules/keyword-rule-engine';
import { routeItem, type RoutingContext } from './route-item';

const ctx: RoutingContext = {
  gazetteer: Gazetteer.fromDivisions(divisions as Division[]),
  rules: new KeywordRuleEngine(
    1,
    DEFAULT_RULES.map((r) => ({ ...r, departmentCode: r.department })),
  ),
  departments: new Map(departments.departments.map((d) => [d.code, d])),
  calendar: new WorkingCalendar(calendar.days as { date: string; kind: 'holiday' | 'workday' }[], [
    calendar.year,
  ]),
};

function item(content: string, addressText?: string, receivedAt = '2026-09-30T10:00:00+08:00'): AppealItemV1 {
  const location: AppealItemV1['location'] = addressText
    ? { addressText, precision: 'address', origin: 'citizen' }
    : { precision: 'none', origin: 'none' };
  return sampleItem({ content, location, receivedAt });
}

const now = new Date('2026-09-30T02:00:01Z');

describe('routeItem', () => {
  it('routes to the county unit of the competent department, with a deadline across 国庆', () => {
    const d = routeItem(
      item('小区物业长期不打扫楼道，业主多次反映无果', '阜阳市颍州区清河街道颍河路88号'),
      ctx,
      now,
    );
    expect(d.mode).toBe('auto');
    expect(d.jurisdiction.codes).toEqual({ county: '341202', town: '341202003' });
    expect(d.lead).toEqual({
      department: 'housing-construction',
      level: 'county',
      unitName: '颍州区住房和城乡建设局',
    });
    expect(d.grade).toBe('general');
    expect(d.workingDays).toBe(5);
    // Received Wed 30 Sep; 1–7 Oct are the National Day holiday, Sat 10 Oct is a 调休 working day.
    expect(d.dueAt).toBe('2026-10-13T23:59:59.999+08:00'); // 8, 9, 10 (Sat), 12, 13 Oct
    expect(d.ruleSetVersion).toBe(1);
    expect(d.matchedRules).toContain('property-management');
    expect(d.explanation.join('\n')).toContain('won: rule property-management');
  });

  it('goes to the city unit when the department has no county office', () => {
    const d = routeItem(item('界首市公积金提取审核太慢'), ctx, now);
    expect(d.lead).toEqual({
      department: 'housing-provident-fund',
      level: 'city',
      unitName: '阜阳市住房公积金管理中心',
    });
  });

  it('sends an appeal without a place to triage with the reason', () => {
    const d = routeItem(item('小区物业乱收费'), ctx, now);
    expect(d.mode).toBe('triage');
    expect(d.reason).toBe('no_jurisdiction');
    expect(d.lead).toBeUndefined();
    expect(d.matchedRules).toContain('property-management');
  });

  it('sends an appeal no rule covers to triage with the reason', () => {
    const d = routeItem(item('想了解一下办事大厅周末是否上班', '太和县城关镇'), ctx, now);
    expect(d).toMatchObject({
      mode: 'triage',
      reason: 'no_department',
      jurisdiction: { codes: { county: '341222' } },
    });
  });

  it('grades urgent matters at 2 working days', () => {
    const d = routeItem(item('楼道里闻到燃气味，怀疑燃气泄漏', '颍上县慎城镇'), ctx, now);
    expect(d).toMatchObject({
      grade: 'urgent',
      workingDays: 2,
      lead: { department: 'utility-gas', unitName: '颍上县燃气公司' },
    });
  });
});
