import catalogue from '@minsheng/shared/seed/departments.json';
import { compileRuleSet } from './compiled-rule-set';
import type { RuleSetDocument } from './rule-set.schema';
import { RuleSetValidationError, validateRuleSet, type RuleSetError } from './validate-rule-set';

const departments = new Set(catalogue.departments.map((d) => d.code));

const valid = {
  id: 'property-management',
  name: '物业管理',
  priority: 40,
  enabled: true,
  when: { keywords: { any: ['物业', '物业费'] } },
  then: { lead: { department: 'housing-construction' }, grade: 'general' },
};

/** A document with one rule: `valid` with its `when`/`then` (or other fields) replaced. */
const withRule = (patch: Record<string, unknown>) => ({ rules: [{ ...valid, ...patch }] });

function errorsOf(doc: unknown): RuleSetError[] {
  const result = validateRuleSet(doc, { departments });
  if (result.ok) throw new Error('expected the document to be refused');
  return result.errors;
}

describe('validateRuleSet', () => {
  it('accepts a valid document and returns it parsed', () => {
    const result = validateRuleSet(
      {
        rules: [
          valid,
          {
            id: 'night-noise',
            name: '夜间噪音',
            priority: 50,
            enabled: false,
            when: {
              all: [
                { keywords: { any: ['噪音'], none: ['表扬'] }, in: ['title', 'content', 'address'] },
                { any: [{ timeOfDay: { from: '22:00', to: '06:00' } }, { dayOfWeek: [6, 7] }] },
                { not: { channel: ['public_opinion'] } },
                { regex: '夜间.{0,4}施工' },
                { appealType: ['complaint'] },
                { jurisdiction: { prefixes: ['3412'], codes: ['341202001'] } },
                { label: { sourceType: ['投诉'] } },
                { riskFlags: { any: ['mass_incident'] } },
              ],
            },
            then: {
              co: [{ department: 'ecology-environment', level: 'county' }],
              tags: ['noise'],
              stop: true,
            },
            note: 'demo',
          },
        ],
      },
      { departments },
    );
    expect(result.ok).toBe(true);
    expect(result.ok && result.ruleSet.rules.map((r) => r.id)).toEqual([
      'property-management',
      'night-noise',
    ]);
  });

  it('refuses a document that is not { rules: [...] }', () => {
    expect(errorsOf(null)).toEqual([expect.objectContaining({ path: '', code: 'invalid_type' })]);
    expect(errorsOf({ rules: {} })).toEqual([
      expect.objectContaining({ path: 'rules', code: 'invalid_type' }),
    ]);
    expect(errorsOf({ rules: [], extra: 1 })).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys' }),
    ]);
  });

  it('reports shape errors of each rule with its id and the field path', () => {
    const errors = errorsOf({
      rules: [
        { ...valid, id: 'a-ok' },
        { ...valid, id: 'Bad Id', priority: 1.5 },
        {
          ...valid,
          id: 'third',
          enabled: 'yes',
          then: { lead: { department: 'education', level: 'province' } },
        },
      ],
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ruleId: 'Bad Id', path: 'rules[1].id', code: 'invalid_format' }),
        expect.objectContaining({ ruleId: 'Bad Id', path: 'rules[1].priority', code: 'invalid_type' }),
        expect.objectContaining({ ruleId: 'third', path: 'rules[2].enabled', code: 'invalid_type' }),
        expect.objectContaining({ ruleId: 'third', path: 'rules[2].then.lead.level', code: 'invalid_value' }),
      ]),
    );
    expect(errors.some((e) => e.ruleId === 'a-ok')).toBe(false);
  });

  it('reports the error inside a nested condition, not every branch of the union', () => {
    const errors = errorsOf(
      withRule({
        when: {
          all: [{ channel: ['hotline_12345'] }, { not: { keywords: { any: ['物业', 'x'.repeat(51)] } } }],
        },
      }),
    );
    expect(errors).toEqual([
      {
        ruleId: 'property-management',
        path: 'rules[0].when.all[1].not.keywords.any[1]',
        code: 'too_big',
        message: 'a keyword is at most 50 characters',
      },
    ]);
  });

  it.each([
    ['an empty keyword list', { keywords: { any: [] } }, 'when.keywords.any', 'too_small'],
    ['keywords with no list', { keywords: {} }, 'when.keywords', 'empty_keywords'],
    ['a blank keyword', { keywords: { all: ['  '] } }, 'when.keywords.all[0]', 'invalid_format'],
    ['an unknown text field', { keywords: { any: ['物业'] }, in: ['body'] }, 'when.in[0]', 'invalid_value'],
    ['an empty all', { all: [] }, 'when.all', 'too_small'],
    ['an unknown channel form', { channel: ['Hotline 12345'] }, 'when.channel[0]', 'invalid_format'],
    ['an unknown appeal type', { appealType: ['rant'] }, 'when.appealType[0]', 'invalid_value'],
    ['a jurisdiction without codes', { jurisdiction: {} }, 'when.jurisdiction', 'empty_jurisdiction'],
    [
      'a non-numeric division code',
      { jurisdiction: { codes: ['颍州'] } },
      'when.jurisdiction.codes[0]',
      'invalid_format',
    ],
    ['an empty label', { label: {} }, 'when.label', 'empty_label'],
    ['riskFlags without lists', { riskFlags: {} }, 'when.riskFlags', 'empty_risk_flags'],
    [
      'a time past 23:59',
      { timeOfDay: { from: '22:00', to: '24:00' } },
      'when.timeOfDay.to',
      'invalid_format',
    ],
    [
      'a time without a leading zero',
      { timeOfDay: { from: '7:00', to: '09:00' } },
      'when.timeOfDay.from',
      'invalid_format',
    ],
    [
      'an empty time window',
      { timeOfDay: { from: '09:00', to: '09:00' } },
      'when.timeOfDay',
      'empty_time_window',
    ],
    ['day 0', { dayOfWeek: [0, 1] }, 'when.dayOfWeek[0]', 'too_small'],
    ['day 8', { dayOfWeek: [7, 8] }, 'when.dayOfWeek[1]', 'too_big'],
    ['a fractional day', { dayOfWeek: [1.5] }, 'when.dayOfWeek[0]', 'invalid_type'],
    ['a condition of no known kind', { keyword: { any: ['物业'] } }, 'when', 'unknown_condition'],
    [
      'two kinds in one object',
      { channel: ['hotline_12345'], appealType: ['help'] },
      'when',
      'ambiguous_condition',
    ],
    ['a condition that is not an object', { all: ['物业'] }, 'when.all[0]', 'invalid_condition'],
    [
      '`in` on a channel condition',
      { channel: ['hotline_12345'], in: ['title'] },
      'when',
      'unrecognized_keys',
    ],
  ])('refuses %s', (_what, when, path, code) => {
    expect(errorsOf(withRule({ when }))).toEqual([
      expect.objectContaining({ ruleId: 'property-management', path: `rules[0].${path}`, code }),
    ]);
  });

  it('refuses duplicate ids, naming the first use', () => {
    const errors = errorsOf({ rules: [valid, { ...valid, name: 'again' }] });
    expect(errors).toEqual([
      {
        ruleId: 'property-management',
        path: 'rules[1].id',
        code: 'duplicate_id',
        message: "id 'property-management' is already used by rules[0]",
      },
    ]);
  });

  it('refuses departments that are not in the catalogue', () => {
    const errors = errorsOf(
      withRule({
        then: {
          lead: { department: 'housing' },
          co: [{ department: 'education' }, { department: 'police' }],
        },
      }),
    );
    expect(errors).toEqual([
      expect.objectContaining({ path: 'rules[0].then.lead.department', code: 'unknown_department' }),
      expect.objectContaining({ path: 'rules[0].then.co[1].department', code: 'unknown_department' }),
    ]);
    expect(errors[0].message).toBe("unknown department 'housing'");
  });

  it('refuses patterns RE2 cannot compile, with its message, and patterns that are too costly', () => {
    const errors = errorsOf({
      rules: [
        { ...valid, id: 'backref', when: { regex: '(a)\\1' } },
        { ...valid, id: 'lookahead', when: { any: [{ channel: ['miniapp'] }, { regex: '物业(?=费)' }] } },
        { ...valid, id: 'too-long', when: { regex: `(${'物业|'.repeat(170)}x)` } },
        { ...valid, id: 'too-big', when: { not: { regex: '(ab){400}' } } },
      ],
    });
    expect(errors).toEqual([
      expect.objectContaining({ ruleId: 'backref', path: 'rules[0].when.regex', code: 'invalid_regex' }),
      expect.objectContaining({
        ruleId: 'lookahead',
        path: 'rules[1].when.any[1].regex',
        code: 'invalid_regex',
      }),
      expect.objectContaining({ ruleId: 'too-long', path: 'rules[2].when.regex', code: 'unsafe_regex' }),
      expect.objectContaining({ ruleId: 'too-big', path: 'rules[3].when.not.regex', code: 'unsafe_regex' }),
    ]);
    expect(errors[0].message).toContain('invalid escape sequence');
    expect(errors[1].message).toContain('(?=');
  });

  it('refuses a rule that does nothing, and one both territorial and city-wide', () => {
    expect(errorsOf(withRule({ then: { territorial: true, co: [], tags: [] } }))).toEqual([
      expect.objectContaining({ path: 'rules[0].then', code: 'no_effect' }),
    ]);
    expect(
      errorsOf(withRule({ then: { lead: { department: 'education' }, territorial: true, cityWide: true } })),
    ).toEqual([expect.objectContaining({ path: 'rules[0].then', code: 'conflicting_scope' })]);
  });

  it('reports every broken rule, not just the first', () => {
    const errors = errorsOf({
      rules: [
        { ...valid, id: 'one', when: { dayOfWeek: [9] } },
        { ...valid, id: 'two', then: { lead: { department: 'nobody' } } },
        { ...valid, id: 'three', unknownField: true },
      ],
    });
    expect(errors.map((e) => e.ruleId)).toEqual(['one', 'two', 'three']);
  });

  it('is what compileRuleSet enforces (less the department catalogue)', () => {
    const broken = withRule({ when: { regex: '(a)\\1' } }) as unknown as RuleSetDocument;
    expect(() => compileRuleSet(broken, 1)).toThrow(RuleSetValidationError);
    expect(() => compileRuleSet(broken, 1)).toThrow(/rules\[0\]\.when\.regex/);
    const unknownDepartment = withRule({
      then: { lead: { department: 'nobody' } },
    }) as unknown as RuleSetDocument;
    expect(compileRuleSet(unknownDepartment, 1).stats().rules).toBe(1);
    expect(() => compileRuleSet({ rules: [] }, -1)).toThrow(RangeError);
  });
});
