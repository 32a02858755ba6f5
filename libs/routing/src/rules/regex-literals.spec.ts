import fc from 'fast-check';
import { RE2JS } from 're2js';
import { RUNS } from '../../../../test/support/property';
import { requiredLiterals } from './regex-literals';

const literals = (pattern: string) => requiredLiterals(pattern)?.map((c) => [...c].sort());

describe('requiredLiterals', () => {
  it.each<[string, string[][] | undefined]>([
    ['一是.{1,120}二是.{1,120}三是', [['一是'], ['二是'], ['三是']]],
    ['(拖欠|欠)[^。]{0,8}(工资|工钱)|(没|不)(给|发)[^。]{0,6}(工资|工钱)', [['工资', '工钱']]],
    ['过期.{0,10}(食品|肉)|(食品|牛奶)[^。]{0,12}过期', [['过期']]],
    ['噪音+(扰民)?', [['音'], ['噪']]],
    ['(?:物业|业委会){2,}', [['业委会', '物业']]],
    ['[]物]业\\.费', [['业.费']]],
    ['^夜间\\b施工$', [['夜间施工']]],
    ['物业|', []],
    ['\\d{11}', []],
    ['(?i)wifi', undefined],
    ['(?P<x>物业)', undefined],
    ['\\p{Han}+费', undefined],
    ['物业{,2}', undefined],
  ])('%s needs %j', (pattern, expected) => {
    expect(RE2JS.compile(pattern)).toBeDefined();
    expect(literals(pattern)).toEqual(expected);
  });

  it('never requires what a matching text lacks', () => {
    const atom: fc.Arbitrary<string> = fc.letrec<{ re: string; atom: string }>((tie) => ({
      atom: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(
          '甲',
          '乙',
          '丙',
          'a',
          'b',
          '.',
          '^',
          '$',
          '[甲乙]',
          '[^甲]',
          '\\.',
          '\\d',
          '\\b',
          '\\s',
          '',
        ),
        tie('re').map((r) => `(${r})`),
        tie('re').map((r) => `(?:${r})`),
      ),
      re: fc
        .array(
          fc
            .tuple(tie('atom'), fc.constantFrom('', '', '*', '+', '?', '{2}', '{0,2}', '{1,}', '+?'))
            .map(([a, q]) => (a === '' || a === '^' || a === '$' ? a : a + q)),
          { maxLength: 4 },
        )
        .chain((parts) => fc.constantFrom(parts.join(''), `${parts.join('')}|${parts.reverse().join('')}`)),
    })).re;
    const text = fc.array(fc.constantFrom('甲', '乙', '丙', 'a', 'b', '.', '1', ' ', '\n'), {
      maxLength: 10,
    });
    fc.assert(
      fc.property(
        atom,
        fc.array(
          text.map((t) => t.join('')),
          { minLength: 1, maxLength: 8 },
        ),
        (pattern, texts) => {
          let regex: RE2JS;
          try {
            regex = RE2JS.compile(pattern);
          } catch {
            return;
          }
          const clauses = requiredLiterals(pattern) ?? [];
          for (const t of texts) {
            if (!regex.test(t)) continue;
            for (const clause of clauses)
              expect([pattern, t, [...clause].some((s) => t.includes(s))]).toEqual([pattern, t, true]);
          }
        },
      ),
      { numRuns: RUNS.numRuns * 10 },
    );
  });
});
