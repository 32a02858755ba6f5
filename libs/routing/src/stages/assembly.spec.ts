import { type RuleEvaluation } from '../rules';
import { draftDecision, routed, triaged } from './assembly';
import { type Located } from './jurisdiction';

const located: Located = {
  place: { method: 'none', confidence: 0.2, evidence: [] },
  trusted: false,
  jurisdiction: { codes: {}, method: 'none', confidence: 0.2 },
  explanation: ['jurisdiction: not trusted (confidence 0.2)'],
};
const ev: RuleEvaluation = {
  version: 7,
  matches: [{ ruleId: 'property', name: '物业', priority: 10, because: ['「物业」 in content'] }],
  co: [],
  territorial: false,
  cityWide: false,
  tags: ['物业'],
  explanation: ['rule property matched'],
};
const now = new Date('2026-09-30T02:00:01Z');
const unit = {
  department: 'housing-construction',
  level: 'city' as const,
  unitName: '阜阳市住房和城乡建设局',
};

describe('assembly stage', () => {
  const draft = draftDecision(located, ev, new Set(['urban-management']), now);

  it('explains in the order things were decided: place, rules, returns, then the ending', () => {
    const d = triaged(draft, 'no_jurisdiction', ['suggested: 阜阳市住房和城乡建设局'], unit);
    expect(d.explanation).toEqual([
      'jurisdiction: not trusted (confidence 0.2)',
      'rule property matched',
      'excluded after return (退单): urban-management',
      'suggested: 阜阳市住房和城乡建设局',
    ]);
  });

  it('a triage decision suggests a lead but names no co unit and no deadline', () => {
    const d = triaged(draft, 'no_jurisdiction', ['suggested'], unit);
    expect(d).toMatchObject({
      mode: 'triage',
      reason: 'no_jurisdiction',
      lead: unit,
      co: [],
      grade: 'general',
    });
    expect(d.dueAt).toBeUndefined();
    expect(d).toMatchObject({
      ruleSetVersion: 7,
      matchedRules: ['property'],
      returnedBy: ['urban-management'],
    });
  });

  it('only complex matters need consultation', () => {
    const due = {
      workingDays: 5,
      dueAt: '2026-10-13T23:59:59.999+08:00',
      calendarFallback: undefined,
      note: 'deadline',
    };
    const placed = { lead: unit, co: [], explanation: [] };
    expect(routed(draft, placed, due).needsConsultation).toBeUndefined();
    const complex = draftDecision(located, { ...ev, grade: 'complex' }, new Set(), now);
    expect(routed(complex, placed, due).needsConsultation).toBe(true);
  });
});
