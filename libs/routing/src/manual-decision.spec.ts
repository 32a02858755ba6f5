import { type RoutedTicketV1 } from '@minsheng/shared/contracts';
import { sampleItem } from '../../../test/fixtures/appeal-item';
import { seedRoutingContext } from './reference/seed-context';
import { ManualDecisionError, manualDecision } from './manual-decision';
import { routeItem } from './route-item';

const ctx = {
  ...seedRoutingContext(),
  units: new Map([['urban-management@341272', '开发区城乡建设管理局']]),
};
const now = new Date('2026-09-30T02:00:01Z');
// No place anywhere in the text: the router sends it to a person.
const item = sampleItem({
  content: '小区物业长期不维修电梯，业主多次反映无果',
  receivedAt: '2026-09-30T10:00:00+08:00',
});
const triaged: RoutedTicketV1 = {
  schemaVersion: 1,
  item,
  decision: routeItem(item, ctx, now),
  decisionRevision: 1,
};
const by = { actor: 'key:0123456789abcdef:市平台派单员', note: '业主补充：颍州区文峰街道' };

describe('manualDecision (人工派单)', () => {
  it('starts from a ticket in triage', () => {
    expect(triaged.decision).toMatchObject({ mode: 'triage', reason: 'no_jurisdiction' });
  });

  it('names the county unit, the town office at its town, the deadline from the grade', () => {
    const d = manualDecision(
      triaged,
      {
        ...by,
        assignment: {
          county: '341202',
          town: '341202002',
          lead: 'housing-construction',
          co: ['town-office', 'housing-construction'],
          grade: 'simple',
        },
      },
      ctx,
      now,
    );
    expect(d).toMatchObject({
      mode: 'auto',
      jurisdiction: {
        county: '颍州区',
        town: '文峰街道',
        codes: { county: '341202', town: '341202002' },
        method: 'manual',
        confidence: 1,
      },
      lead: { department: 'housing-construction', level: 'county', unitName: '颍州区住房和城乡建设局' },
      co: [{ department: 'town-office', level: 'town', unitName: '文峰街道办事处' }],
      grade: 'simple',
      workingDays: 2,
      // Received Wed 30 Sep; 1–7 Oct are the National Day holiday.
      dueAt: '2026-10-09T23:59:59.999+08:00',
      matchedRules: [],
      ruleSetVersion: ctx.rules.version,
      decidedAt: now.toISOString(),
    });
    expect(d.reason).toBeUndefined();
    expect(d.explanation[0]).toBe(`manual dispatch (人工派单) by the city platform: ${by.note}`);
    expect(d.explanation.join('\n')).not.toContain(by.actor);
    expect(d.explanation).toContain('previous decision 1: triage (no_jurisdiction)');
  });

  it('uses the units table and marks complex matters for consultation', () => {
    const d = manualDecision(
      triaged,
      { ...by, assignment: { county: '341272', lead: 'urban-management', co: [], grade: 'complex' } },
      ctx,
      now,
    );
    expect(d.lead?.unitName).toBe('开发区城乡建设管理局');
    expect(d).toMatchObject({ workingDays: 15, needsConsultation: true });
  });

  it('refuses what does not exist or cannot be placed', () => {
    const bad = (assignment: Parameters<typeof manualDecision>[1]['assignment']) => () =>
      manualDecision(triaged, { ...by, assignment }, ctx, now);
    const base = { county: '341202', lead: 'housing-construction', co: [], grade: 'general' as const };
    expect(bad({ ...base, county: '349999' })).toThrow(ManualDecisionError);
    expect(bad({ ...base, town: '341221001' })).toThrow(/not in county/);
    expect(bad({ ...base, lead: 'no-such-department' })).toThrow(/not in the catalogue/);
    expect(bad({ ...base, lead: 'town-office' })).toThrow(/needs a town/);
  });
});
