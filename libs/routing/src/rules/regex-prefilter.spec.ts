import fc from 'fast-check';
import { RE2JS } from 're2js';
import { RUNS } from '../../../../test/support/property';
import { compileRuleSet } from './compiled-rule-set';
import { KeywordTable } from './keyword-scanner';
import { regexRequirement, requirementAnchors } from './regex-prefilter';
import { ruleInput } from '../../../../test/fixtures/rule-input';

const PATTERNS = [
  '一是.{1,120}二是.{1,120}三是',
  '(拖欠|欠|克扣|扣押|扣发|扣了|压)[^。！？]{0,8}(工资|工钱|薪水|血汗钱)|(没|未|不)(给|发|付)[^。！？]{0,6}(工资|工钱)',
  '过期.{0,10}(食品|牛奶|肉)|(食品|牛奶)[^。]{0,12}过期',
  'WiFi.*信号',
  '(?i)wifi',
  '5G(基站|信号)+',
  '^噪音$',
  '夜间\\b?施工?',
  '[物业]{2}费',
];

const input = (title: string, content: string) => ruleInput(content, { title });

describe('regex requirements', () => {
  it('are the literals RE2 needs, as keyword ids', () => {
    const table = new KeywordTable();
    const req = regexRequirement(RE2JS.compile(PATTERNS[0]), table);
    expect(req).toEqual({ and: [0, 1, 2] });
    expect(table.spelling(0)).toBe('一是');
    expect(requirementAnchors(req ?? 0, table)).toEqual([0]);
    expect(regexRequirement(RE2JS.compile('(?i)wifi'), table)).toBeNull();
    expect(regexRequirement(RE2JS.compile('[甲乙]+'), table)).toBeNull();
    expect(table.keywords).toBe(0);
  });

  it('leave the spelling of a keyword to the keyword condition', () => {
    const table = new KeywordTable();
    const id = table.internLiteral('欠薪');
    expect(table.intern('欠薪')).toBe(id);
    expect(table.keywords).toBe(1);
  });

  it('are worked out once per pattern and input, whichever rules share the pattern', () => {
    const rule = (id: string, fields: ('title' | 'content')[]) => ({
      id,
      name: id,
      priority: 10,
      enabled: true,
      when: { regex: '欠.{0,3}工资', in: fields },
      then: { tags: [id] },
    });
    const set = compileRuleSet({ rules: [rule('r-a', ['title', 'content']), rule('r-b', ['content'])] }, 1);
    const test = jest.spyOn(RE2JS.prototype, 'test');
    const ev = set.evaluate(input('欠了工资', '老板欠三个月工资'));
    const second = set.evaluate(input('讨薪', '拖欠工资'));
    expect(test).toHaveBeenCalledTimes(3);
    test.mockRestore();
    expect(ev.matches.map((m) => m.because)).toEqual([
      ['/欠.{0,3}工资/ matched 「欠了工资」 in title', '/欠.{0,3}工资/ matched 「欠三个月工资」 in content'],
      ['/欠.{0,3}工资/ matched 「欠三个月工资」 in content'],
    ]);
    expect(second.matches.map((m) => m.because)).toEqual([
      ['/欠.{0,3}工资/ matched 「欠工资」 in content'],
      ['/欠.{0,3}工资/ matched 「欠工资」 in content'],
    ]);
  });

  it('never skip a text the regex matches', () => {
    const rules = PATTERNS.map((regex, i) => ({
      id: `r${i}`,
      name: `r${i}`,
      priority: 10,
      enabled: true,
      when: { regex, in: ['title' as const, 'content' as const] },
      then: { tags: [`r${i}`] },
    }));
    const set = compileRuleSet({ rules }, 1);
    const compiled = PATTERNS.map((p) => RE2JS.compile(p));
    const piece = fc.constantFrom(
      ...['一是', '二是', '三是', '拖欠', '工资', '工钱', '没', '给', '过期', '食品', '牛奶', 'WiFi', 'wifi'],
      ...['信号', '5G', '5g', '基站', '噪音', '夜间', '施工', '物', '业', '费', '。', ' ', '\n', 'İ', 'x'],
    );
    const text = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, text, (title, content) => {
        const expected = rules
          .filter((_r, i) => compiled[i].test(title) || compiled[i].test(content))
          .map((r) => r.id);
        expect(set.evaluate(input(title, content)).matches.map((m) => m.ruleId)).toEqual(expected);
      }),
      { numRuns: RUNS.numRuns * 5 },
    );
  });
});
