import { compileRuleRegex, REGEX_MAX_PROGRAM_SIZE } from './regex-limits';

describe('compileRuleRegex', () => {
  it('compiles RE2 patterns, including Unicode classes and inline flags', () => {
    for (const pattern of ['拖欠.{0,6}工资', '\\p{Han}{2}小区', '(?i)wifi|宽带', '^\\d{11}$']) {
      expect(compileRuleRegex(pattern).ok).toBe(true);
    }
    const compiled = compileRuleRegex('拖欠.{0,6}工资');
    expect(compiled.ok && compiled.regex.test('老板拖欠了三个月工资')).toBe(true);
  });

  it.each([
    ['a backreference', '(a)\\1', /invalid escape/],
    ['a lookahead', '物业(?=费)', /unsupported Perl syntax/],
    ['a negative lookahead', '物业(?!费)', /unsupported Perl syntax/],
    ['a lookbehind', '(?<=物业)费', /invalid named capture/],
    ['an unclosed class', '[物业', /missing closing \]/],
  ])('refuses %s with the RE2 message', (_what, pattern, message) => {
    const compiled = compileRuleRegex(pattern);
    expect(compiled).toMatchObject({ ok: false, code: 'invalid_regex' });
    expect(!compiled.ok && compiled.message).toMatch(message);
  });

  it('refuses patterns that are too long or compile to too large a program', () => {
    expect(compileRuleRegex('a'.repeat(501))).toMatchObject({ ok: false, code: 'unsafe_regex' });
    const huge = compileRuleRegex('a{1000}');
    expect(huge).toMatchObject({ ok: false, code: 'unsafe_regex' });
    expect(!huge.ok && huge.message).toContain(`at most ${REGEX_MAX_PROGRAM_SIZE}`);
    expect(compileRuleRegex('a{900}').ok).toBe(true);
  });
});
