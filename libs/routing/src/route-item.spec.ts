import { type AppealItemV1, type Decision } from '@minsheng/shared/contracts';
import { Gazetteer, type Division } from './gazetteer';
import divisions from '@minsheng/shared/seed/fuyang-divisions.json';
import { sampleItem } from '../../../test/fixtures/appeal-item';
import { seedRoutingContext } from './reference/seed-context';
import { routeItem } from './route-item';
import { type RoutingContext } from './routing-context';

const base = seedRoutingContext();
const ctx: RoutingContext = {
  ...base,
  gazetteer: Gazetteer.fromDivisions(divisions as Division[], {
    aliases: [{ alias: '置地双清湾小区', code: '341202003005', note: '苗庄社区, from the platform report' }],
  }),
  units: new Map([['urban-management@341272', '阜阳经济技术开发区城乡建设管理局']]),
};

function item(content: string, addressText?: string, more: Partial<AppealItemV1> = {}): AppealItemV1 {
  const location: AppealItemV1['location'] = addressText
    ? { addressText, precision: 'address', origin: 'citizen' }
    : { precision: 'none', origin: 'none' };
  return sampleItem({ content, location, receivedAt: '2026-09-30T10:00:00+08:00', ...more });
}

const now = new Date('2026-09-30T02:00:01Z');

describe('routeItem with the default Fuyang pack', () => {
  it('the platform report: 置地双清湾小区 → 颍州区 / 清河街道 / 苗庄社区, to the 清河街道 office', () => {
    const d = routeItem(
      item('小区门口有摊贩随意丢垃圾，影响道路卫生，希望有关部门管一管。', '阜阳城南新区置地双清湾小区'),
      ctx,
      now,
    );
    expect(d.jurisdiction).toMatchObject({
      county: '颍州区',
      town: '清河街道',
      village: '苗庄社区居委会',
      codes: { county: '341202', town: '341202003', village: '341202003005' },
      method: 'alias',
    });
    expect(d.mode).toBe('auto');
    expect(d.lead).toEqual({ department: 'town-office', level: 'town', unitName: '清河街道办事处' });
    expect(d.grade).toBe('simple');
    expect(d.workingDays).toBe(2);
    // Received Wed 30 Sep; 1–7 Oct are the National Day holiday: 8 and 9 Oct are the two working days.
    expect(d.dueAt).toBe('2026-10-09T23:59:59.999+08:00');
  });

  it('routes to the county unit of the competent department and explains the winner', () => {
    const d = routeItem(
      item('小区物业长期不维修电梯，业主多次反映无果', '阜阳市颍州区清河街道颍河路88号'),
      ctx,
      now,
    );
    expect(d.mode).toBe('auto');
    expect(d.jurisdiction.codes).toMatchObject({ county: '341202', town: '341202003' });
    expect(d.lead).toEqual({
      department: 'housing-construction',
      level: 'county',
      unitName: '颍州区住房和城乡建设局',
    });
    expect(d.ruleSetVersion).toBe(2);
    expect(d.explanation.some((e) => e.includes('property'))).toBe(true);
  });

  it('complex matters get co-departments, consultation and 15 working days', () => {
    const d = routeItem(item('房屋拆迁补偿款一直没到位，安置房迟迟不交付', '颍上县慎城镇'), ctx, now);
    expect(d).toMatchObject({
      grade: 'complex',
      workingDays: 15,
      needsConsultation: true,
      lead: { unitName: '颍上县住房和城乡建设局' },
    });
    expect(d.co.length).toBeGreaterThan(0);
    expect(d.co.every((u) => u.department !== d.lead?.department)).toBe(true);
  });

  it('uses admin unit names, e.g. for a development zone', () => {
    const d = routeItem(item('路边流动摊贩占道经营，影响通行', '阜阳经济技术开发区京九街道'), ctx, now);
    expect(d.lead).toMatchObject({
      department: 'urban-management',
      unitName: '阜阳经济技术开发区城乡建设管理局',
    });
  });

  it('a complaint without a place goes to triage with the city unit suggested', () => {
    const d = routeItem(item('小区物业乱收费，还不给开发票'), ctx, now);
    expect(d).toMatchObject({
      mode: 'triage',
      reason: 'no_jurisdiction',
      lead: { level: 'city', unitName: '阜阳市住房和城乡建设局' },
    });
    expect(d.dueAt).toBeUndefined();
  });

  it('a policy question without a place goes to the city unit', () => {
    const d = routeItem(
      item('想咨询一下城乡居民医保今年的缴费标准是多少', undefined, { appealType: 'consult' }),
      ctx,
      now,
    );
    expect(d).toMatchObject({
      mode: 'auto',
      lead: { department: 'medical-security', level: 'city', unitName: '阜阳市医疗保障局' },
    });
  });

  it('a bare village name shared by several towns is ambiguous and goes to triage', () => {
    const d = routeItem(item('王庄村口的路灯坏了好几天', '王庄'), ctx, now);
    expect(d.mode).toBe('triage');
    expect(d.jurisdiction.method).toBe('none');
  });

  it('nothing competent ⇒ triage with the reason', () => {
    const d = routeItem(
      item('谢谢你们，上次的事情办得很好', '太和县城关镇', { appealType: 'praise' }),
      ctx,
      now,
    );
    expect(d).toMatchObject({ mode: 'triage', reason: 'no_department' });
  });

  it('never chooses a department that returned the ticket', () => {
    const text = '小区物业不作为，楼下餐馆油烟扰民，门口垃圾堆积没人清运。';
    const first = routeItem(item(text, '颍州区文峰街道'), ctx, now);
    const again = routeItem(item(text, '颍州区文峰街道'), ctx, now, {
      exclude: [first.lead?.department ?? ''],
    });
    expect(again.mode).toBe('auto');
    expect(again.lead?.department).not.toBe(first.lead?.department);
    expect(again.returnedBy).toEqual([first.lead?.department]);
  });

  it('a duplicate (并单) goes to the unit of the appeal it repeats', () => {
    const original: Decision = routeItem(item('小区物业长期不维修电梯', '颍州区清河街道'), ctx, now);
    const d = routeItem(item('电梯坏了物业不修', '颍州区'), ctx, now, {
      duplicateOf: { itemId: `ap_${'9'.repeat(32)}`, decision: original },
    });
    expect(d).toMatchObject({ mode: 'auto', duplicateOf: `ap_${'9'.repeat(32)}`, lead: original.lead });
  });

  it('falls back to Monday–Friday for a year missing from the calendar, and says so', () => {
    const d = routeItem(
      item('小区物业长期不维修电梯', '颍州区清河街道', { receivedAt: '2027-02-05T10:00:00+08:00' }),
      ctx,
      now,
    );
    expect(d.calendarFallback).toBe(true);
    expect(d.explanation.join('\n')).toContain('no holiday calendar for 2027');
  });
});
