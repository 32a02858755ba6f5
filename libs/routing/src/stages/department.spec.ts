import { sampleItem } from '../../../../test/fixtures/appeal-item';
import { seedRoutingContext } from '../reference/seed-context';
import { competentDepartment, evaluateRules } from './department';
import { locate } from './jurisdiction';

const ctx = seedRoutingContext();
// Three matters in one appeal, so several rules name a department.
const item = sampleItem({
  content: '小区物业不作为，楼下餐馆油烟扰民，门口垃圾堆积没人清运。',
  location: { addressText: '颍州区文峰街道', precision: 'address', origin: 'citizen' },
});
const ev = evaluateRules(item, locate(item, ctx).jurisdiction, ctx);

describe('department stage', () => {
  it('the rules see the trusted place codes and name the winner', () => {
    expect(ev.lead).toMatchObject({ department: 'ecology-environment', ruleId: 'cooking-fumes' });
    expect(competentDepartment(ev, ctx, new Set())).toMatchObject({
      dept: { code: 'ecology-environment' },
      level: 'auto',
      ruleId: 'cooking-fumes',
    });
  });

  it('after a return the next matching rule in precedence order names the department', () => {
    expect(competentDepartment(ev, ctx, new Set(['ecology-environment']))).toMatchObject({
      dept: { code: 'housing-construction' },
      ruleId: 'estate-garbage',
    });
  });

  it('says why there is none: every candidate returned it, or the catalogue lacks the one named', () => {
    const named = new Set(ev.matches.map((m) => ctx.ruleActions.get(m.ruleId)?.lead?.department ?? ''));
    expect(competentDepartment(ev, ctx, named)).toEqual({
      missing: 'department: no rule names a competent department',
    });
    const thin = { ...ctx, departments: new Map() };
    expect(competentDepartment(ev, thin, new Set())).toEqual({
      missing: 'department ecology-environment is not in the catalogue',
    });
  });
});
