import { withoutNul } from './without-nul';

describe('withoutNul', () => {
  it('replaces U+0000 in strings, nested values and keys with U+FFFD', () => {
    expect(withoutNul('a\u0000b\u0000')).toBe('a\uFFFDb\uFFFD');
    expect(withoutNul({ t: ['x\u0000', 1, null, { 'k\u0000': 'v' }], n: 2, b: true })).toEqual({
      t: ['x\uFFFD', 1, null, { 'k\uFFFD': 'v' }],
      n: 2,
      b: true,
    });
  });

  it('returns the same value when there is nothing to replace (no copy on the hot path)', () => {
    const draft = { content: '路灯不亮', tags: ['a'], location: { precision: 'none' } };
    expect(withoutNul(draft)).toBe(draft);
    expect(withoutNul(undefined)).toBeUndefined();
    // A backslash followed by "u0000" is text, not a NUL.
    expect(withoutNul('\\u0000')).toBe('\\u0000');
  });
});
