import { compileRuleSet } from './compiled-rule-set';
import { PRECEDENCE_EXPLANATION } from './precedence';
import type { RuleInput } from './rule-evaluation';
import type { Rule, RuleAction } from './rule-set.schema';

const input = (content: string, extra: Partial<RuleInput> = {}): RuleInput => ({
  content,
  channel: 'hotline_12345',
  appealType: 'complaint',
  codes: { county: '341202' },
  riskFlags: [],
  receivedAt: '2026-11-20T10:00:00+08:00',
  ...extra,
});

const rule = (id: string, priority: number, keyword: string, then: RuleAction, enabled = true): Rule => ({
  id,
  name: `rule ${id}`,
  priority,
  enabled,
  when: { keywords: { any: [keyword] } },
  then,
});

const evaluate = (rules: Rule[], text: string, version = 7) =>
  compileRuleSet({ rules }, version).evaluate(input(text));

describe('precedence', () => {
  it('considers rules by priority, then id, and lists every match', () => {
    const result = evaluate(
      [
        rule('b-second', 20, '物业', { tags: ['b'] }),
        rule('z-first', 10, '电梯', { tags: ['z'] }),
        rule('a-second', 20, '电梯', { tags: ['a'] }),
        rule('unrelated', 1, '燃气', { tags: ['x'] }),
      ],
      '物业不管电梯故障',
    );
    expect(result.version).toBe(7);
    expect(result.matches.map((m) => [m.ruleId, m.priority])).toEqual([
      ['z-first', 10],
      ['a-second', 20],
      ['b-second', 20],
    ]);
    expect(result.tags).toEqual(['z', 'a', 'b']);
    expect(result.explanation[0]).toBe(
      'matched: rule z-first 「rule z-first」 (priority 10): 「电梯」 in content',
    );
    expect(result.explanation.at(-1)).toBe(PRECEDENCE_EXPLANATION);
  });

  it('takes the lead from the first matching rule with a lead and the grade from the first that sets one', () => {
    const result = evaluate(
      [
        rule('tagging', 5, '物业', { tags: ['estate'] }),
        rule('grading', 8, '电梯', { grade: 'urgent' }),
        rule('estate', 10, '物业', {
          lead: { department: 'housing-construction' },
          grade: 'general',
          territorial: true,
        }),
        rule('lift', 20, '电梯', {
          lead: { department: 'market-regulation', level: 'county' },
          cityWide: true,
        }),
      ],
      '物业不管电梯故障',
    );
    expect(result.lead).toEqual({ department: 'housing-construction', level: 'auto', ruleId: 'estate' });
    expect(result.grade).toBe('urgent');
    expect(result.territorial).toBe(true);
    expect(result.cityWide).toBe(false);
    expect(result.co).toEqual([]);
    expect(result.explanation).toEqual(
      expect.arrayContaining([
        'lead: housing-construction (auto) from rule estate, territorial',
        'grade: urgent from rule grading',
        'also matched: rule lift → market-regulation (county); not a co-department because lead rule estate is not complex',
      ]),
    );
  });

  it('makes the leads of later matches co-departments when the lead rule is complex', () => {
    const result = evaluate(
      [
        rule('demolition', 10, '拆迁', {
          lead: { department: 'housing-construction' },
          grade: 'complex',
          co: [{ department: 'natural-resources-planning' }],
        }),
        rule('land', 20, '宅基地', { lead: { department: 'natural-resources-planning' } }),
        rule('wages', 30, '工资', {
          lead: { department: 'human-resources-social-security', level: 'county' },
          co: [{ department: 'public-security' }, { department: 'housing-construction' }],
        }),
        rule('same-lead', 40, '安置', { lead: { department: 'housing-construction', level: 'city' } }),
      ],
      '拆迁安置补偿不到位，宅基地被占，拆迁工人工资也没发',
    );
    expect(result.lead).toMatchObject({ department: 'housing-construction', ruleId: 'demolition' });
    expect(result.grade).toBe('complex');
    expect(result.co).toEqual([
      { department: 'natural-resources-planning', level: 'auto', ruleId: 'demolition' },
      { department: 'human-resources-social-security', level: 'county', ruleId: 'wages' },
      { department: 'public-security', level: 'auto', ruleId: 'wages' },
    ]);
    expect(result.explanation).toContain('co: human-resources-social-security (county) from rule wages');
  });

  it('unions co of all matching rules even without a lead', () => {
    const result = evaluate(
      [
        rule('one', 1, '物业', { co: [{ department: 'education' }] }),
        rule('two', 2, '物业', { co: [{ department: 'education' }, { department: 'transport' }] }),
      ],
      '物业',
    );
    expect(result.lead).toBeUndefined();
    expect(result.co.map((c) => `${c.department}@${c.ruleId}`)).toEqual(['education@one', 'transport@two']);
    expect(result.territorial).toBe(false);
  });

  it('ends evaluation at a matching rule with stop, and says so', () => {
    const rules = [
      rule('gas-leak', 10, '燃气泄漏', {
        lead: { department: 'utility-gas' },
        grade: 'urgent',
        stop: true,
        tags: ['emergency'],
      }),
      rule('gas', 30, '燃气', { lead: { department: 'housing-construction' }, tags: ['gas'] }),
      rule('early', 5, '楼道', { tags: ['early'] }),
    ];
    const leak = evaluate(rules, '楼道燃气泄漏');
    expect(leak.matches.map((m) => m.ruleId)).toEqual(['early', 'gas-leak']);
    expect(leak.stoppedBy).toBe('gas-leak');
    expect(leak.tags).toEqual(['early', 'emergency']);
    expect(leak.explanation).toContain('stopped: rule gas-leak has stop, so later rules were not considered');

    const service = evaluate(rules, '燃气开户');
    expect(service.stoppedBy).toBeUndefined();
    expect(service.lead?.ruleId).toBe('gas');
  });

  it('leaves disabled rules out and says when nothing matched', () => {
    const result = evaluate([rule('off', 1, '物业', { tags: ['x'] }, false)], '物业');
    expect(result).toEqual({
      version: 7,
      matches: [],
      co: [],
      territorial: false,
      cityWide: false,
      tags: [],
      explanation: ['no rule matched', PRECEDENCE_EXPLANATION],
    });
  });

  it('does not let one evaluation leak into the next', () => {
    const set = compileRuleSet(
      {
        rules: [rule('estate', 1, '物业', { tags: ['estate'] }), rule('lift', 2, '电梯', { tags: ['lift'] })],
      },
      1,
    );
    expect(set.evaluate(input('物业电梯')).tags).toEqual(['estate', 'lift']);
    expect(set.evaluate(input('电梯')).tags).toEqual(['lift']);
    expect(set.evaluate(input('无关')).matches).toEqual([]);
  });
});
