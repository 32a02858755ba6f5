import fc from 'fast-check';
import catalogue from '@minsheng/shared/seed/departments.json';
import { anyJson, messyText, RUNS } from '../../../../test/support/property';
import { compileRuleSet } from './compiled-rule-set';
import { validateRuleSet } from './validate-rule-set';

const departments = new Set(catalogue.departments.map((d) => d.code));
const department = fc.oneof(fc.constantFrom(...departments), messyText);
const words = fc.array(fc.oneof(fc.constantFrom('物业', '噪音', '施工', '欠薪'), messyText), {
  maxLength: 3,
});
const field = fc.constantFrom('title', 'content', 'address', 'body');

/** Conditions of every kind, nested, mostly well-formed, with any values where a value goes. */
const condition = fc.letrec((tie) => ({
  cond: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record(
      {
        keywords: fc.record({ any: words, all: words, none: words }, { requiredKeys: [] }),
        in: fc.array(field),
      },
      { requiredKeys: ['keywords'] },
    ),
    fc.record({
      regex: fc.oneof(fc.constantFrom('夜间.{0,4}施工', '(a+)+$', '[', '\\d{11}', '(?<=x)y'), messyText),
    }),
    fc.record({ channel: fc.array(fc.oneof(fc.constantFrom('hotline_12345', 'people_liuyan'), messyText)) }),
    fc.record({ appealType: fc.array(fc.oneof(fc.constantFrom('complaint', 'help'), messyText)) }),
    fc.record({
      jurisdiction: fc.record(
        { prefixes: fc.array(fc.stringMatching(/^\d{2,12}$/)), codes: fc.array(messyText) },
        { requiredKeys: [] },
      ),
    }),
    fc.record({ label: fc.record({ sourceType: words, sourceDomain: words }, { requiredKeys: [] }) }),
    fc.record({ riskFlags: fc.record({ any: words, all: words }, { requiredKeys: [] }) }),
    fc.record({
      timeOfDay: fc.record({
        from: fc.oneof(fc.constantFrom('22:00', '06:00', '24:00'), messyText),
        to: fc.constantFrom('06:00', '22:00', '7'),
      }),
    }),
    fc.record({ dayOfWeek: fc.array(fc.oneof(fc.integer({ min: 0, max: 8 }), fc.double())) }),
    fc.record({ all: fc.array(tie('cond'), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('cond'), { maxLength: 3 }) }),
    fc.record({ not: tie('cond') }),
    anyJson,
  ),
})).cond;

const rule = fc.oneof(
  fc.record(
    {
      id: fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), messyText),
      name: messyText,
      priority: fc.oneof(fc.integer({ min: -5, max: 1005 }), fc.double()),
      enabled: fc.oneof(fc.boolean(), messyText),
      when: condition,
      then: fc.record(
        {
          lead: fc.record(
            { department, level: fc.constantFrom('auto', 'city', 'county', 'town', 'village') },
            { requiredKeys: ['department'] },
          ),
          co: fc.array(fc.record({ department }), { maxLength: 2 }),
          grade: fc.constantFrom('urgent', 'general', 'slow', 'soon'),
          tags: fc.array(messyText, { maxLength: 2 }),
          stop: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['id', 'when', 'then'] },
  ),
  anyJson,
);

const input = {
  title: '小区夜间施工噪音',
  content: '颍州区清河路小区物业夜间施工，噪音很大，欠薪工人聚集。',
  address: '颍州区清河路',
  channel: 'hotline_12345',
  appealType: 'complaint' as const,
  codes: { county: '341202' },
  riskFlags: ['hot'],
  receivedAt: '2026-11-12T23:30:00+08:00',
};

describe('rule-set documents, any JSON', () => {
  it('are accepted and compile and evaluate, or are refused with a code and path per error; never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.record({ rules: fc.array(rule, { maxLength: 4 }) }), anyJson), (doc) => {
        const result = validateRuleSet(doc, { departments });
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const e of result.errors) {
            expect(e.code).toMatch(/^[a-z_]+$/);
            expect(typeof e.path).toBe('string');
            expect(e.message.length).toBeGreaterThan(0);
          }
          return;
        }
        const compiled = compileRuleSet(result.ruleSet, 1);
        expect(() => compiled.evaluate(input)).not.toThrow();
      }),
      RUNS,
    );
  });

  it('a broken rule is reported at its own index and never hides or blames a valid sibling', () => {
    const valid = {
      id: 'property-management',
      name: '物业管理',
      priority: 40,
      enabled: true,
      when: { keywords: { any: ['物业'] } },
      then: { lead: { department: 'housing-construction' }, grade: 'general' },
    };
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 4 }), fc.nat(4), (others, at) => {
        const rules: unknown[] = [...others];
        const index = Math.min(at, rules.length);
        rules.splice(index, 0, valid);
        const result = validateRuleSet({ rules }, { departments });
        if (result.ok) {
          expect(result.ruleSet.rules.map((r) => r.id)).toContain(valid.id);
          return;
        }
        // Only a duplicate id may name the valid rule (it is the other rule's fault as much as its own).
        const blamed = result.errors.filter(
          (e) => e.path.startsWith(`rules[${index}]`) && e.code !== 'duplicate_id',
        );
        expect(blamed).toEqual([]);
      }),
      RUNS,
    );
  });
});
