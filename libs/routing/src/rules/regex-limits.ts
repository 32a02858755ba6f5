import { RE2JS } from 're2js';

/** Longest pattern source accepted. */
export const REGEX_MAX_LENGTH = 500;
/** Largest compiled RE2 program accepted; RE2 is linear in text × program, so this bounds the per-character cost. */
export const REGEX_MAX_PROGRAM_SIZE = 1_000;

export type RegexCompilation =
  { ok: true; regex: RE2JS } | { ok: false; code: 'invalid_regex' | 'unsafe_regex'; message: string };

/**
 * Compiles a rule's pattern with RE2 (re2js): linear-time matching, no backtracking, so backreferences and
 * lookarounds are syntax errors rather than a denial-of-service risk. Patterns that are too long or compile to
 * too large a program are refused even though RE2 would run them in linear time.
 */
export function compileRuleRegex(pattern: string): RegexCompilation {
  if (pattern.length > REGEX_MAX_LENGTH) {
    return {
      ok: false,
      code: 'unsafe_regex',
      message: `pattern is ${pattern.length} characters; at most ${REGEX_MAX_LENGTH} are allowed`,
    };
  }
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(pattern);
  } catch (error) {
    return {
      ok: false,
      code: 'invalid_regex',
      message: error instanceof Error ? error.message : String(error),
    };
  }
  const size = regex.programSize();
  if (size > REGEX_MAX_PROGRAM_SIZE) {
    return {
      ok: false,
      code: 'unsafe_regex',
      message: `pattern compiles to ${size} RE2 instructions; at most ${REGEX_MAX_PROGRAM_SIZE} are allowed`,
    };
  }
  return { ok: true, regex };
}
