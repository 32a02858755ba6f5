import { compileRuleSet } from './compiled-rule-set';
import type { RuleInput } from './rule-evaluation';
import type { Condition, Rule } from './rule-set.schema';
import { ruleInput } from '../../../../test/fixtures/rule-input';

const input = ruleInput;

const rule = (id: string, when: Condition, priority = 10): Rule => ({
  id,
  name: id,
  priority,
  enabled: true,
  when,
  then: { tags: [id] },
});

/** How many rule conditions one evaluation tested, and which rules matched. */
function probe(set: ReturnType<typeof compileRuleSet>, item: RuleInput) {
  const before = set.stats().conditionsTested;
  const matched = set.evaluate(item).matches.map((m) => m.ruleId);
  return { tested: set.stats().conditionsTested - before, matched };
}

describe('candidate rules (anchor keywords)', () => {
  it('never evaluates a rule whose only keyword is absent', () => {
    const set = compileRuleSet(
      {
        rules: [
          rule('estate', { keywords: { any: ['物业'] } }),
          rule('mailbox', { channel: ['mayor_mailbox'] }),
        ],
      },
      1,
    );
    expect(set.stats()).toMatchObject({ rules: 2, anchored: 1, alwaysEvaluated: 1, keywords: 1 });
    expect(probe(set, input('路灯不亮'))).toEqual({ tested: 1, matched: [] });
    expect(probe(set, input('物业不作为'))).toEqual({ tested: 2, matched: ['estate'] });
    expect(probe(set, input('路灯不亮', { channel: 'mayor_mailbox' }))).toEqual({
      tested: 1,
      matched: ['mailbox'],
    });
    expect(set.stats().evaluations).toBe(3);
  });

  it.each<[string, Condition, boolean]>([
    ['keywords.any', { keywords: { any: ['物业', '业委会'] } }, true],
    ['keywords.all', { keywords: { all: ['物业', '电梯'] } }, true],
    ['keywords.none alone', { keywords: { none: ['物业'] } }, false],
    [
      'all containing keywords',
      { all: [{ channel: ['hotline_12345'] }, { keywords: { any: ['物业'] } }] },
      true,
    ],
    [
      'any of keyword conditions',
      { any: [{ keywords: { any: ['物业'] } }, { keywords: { all: ['电梯'] } }] },
      true,
    ],
    [
      'any with a non-keyword branch',
      { any: [{ keywords: { any: ['物业'] } }, { channel: ['miniapp'] }] },
      false,
    ],
    ['not', { not: { keywords: { any: ['物业'] } } }, false],
    ['a regex that needs a literal', { regex: '物业.{0,4}(收费|乱收)' }, true],
    ['a regex that needs no literal', { regex: '[物业]+' }, false],
    ['a regex needing letters of case', { regex: 'WiFi.*坏' }, true],
    ['a case-insensitive regex', { regex: '(?i)wifi' }, false],
    ['timeOfDay', { timeOfDay: { from: '22:00', to: '06:00' } }, false],
  ])('%s is anchored: %s', (_what, when, anchored) => {
    const set = compileRuleSet({ rules: [rule('r1', when)] }, 1);
    expect(set.stats().anchored).toBe(anchored ? 1 : 0);
  });

  it('only tests the rules concerned, however many rules there are', () => {
    const rules = Array.from({ length: 2000 }, (_, i) =>
      rule(`synthetic-${i}`, { keywords: { any: [`术语${i}号`] } }),
    );
    rules.push(
      rule('estate', { all: [{ keywords: { all: ['物业', '收费'] } }, { appealType: ['complaint'] }] }, 1),
    );
    rules.push(rule('lift', { any: [{ keywords: { any: ['电梯'] } }, { keywords: { any: ['扶梯'] } }] }, 2));
    const set = compileRuleSet({ rules }, 1);
    expect(probe(set, input('物业乱收费，电梯停运'))).toEqual({ tested: 2, matched: ['estate', 'lift'] });
    expect(probe(set, input('物业乱收费', { appealType: 'consult' }))).toEqual({ tested: 1, matched: [] });
    expect(probe(set, input('术语7号与术语1999号'))).toEqual({
      tested: 2,
      matched: ['synthetic-1999', 'synthetic-7'],
    });
  });

  it('anchors are sound: an anchored rule matches exactly when tested against every rule', () => {
    const conditions: Condition[] = [
      { keywords: { all: ['物业', '收费'] } },
      { all: [{ keywords: { any: ['电梯'] } }, { not: { keywords: { any: ['表扬'] } } }] },
      { any: [{ keywords: { any: ['停水'] }, in: ['title'] }, { keywords: { all: ['自来水', '浑浊'] } }] },
    ];
    const set = compileRuleSet({ rules: conditions.map((when, i) => rule(`r${i}`, when)) }, 1);
    const cases: [string, Partial<RuleInput>, string[]][] = [
      ['物业收费', {}, ['r0']],
      ['电梯坏了', {}, ['r1']],
      ['表扬电梯维修工', {}, []],
      ['停水了', {}, []],
      ['小区', { title: '停水' }, ['r2']],
      ['自来水浑浊', {}, ['r2']],
    ];
    for (const [content, extra, expected] of cases) {
      expect(set.evaluate(input(content, extra)).matches.map((m) => m.ruleId)).toEqual(expected);
    }
  });
});
