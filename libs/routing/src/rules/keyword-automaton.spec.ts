import fc from 'fast-check';
import { RUNS } from '../../../../test/support/property';
import { AhoCorasick } from '../text/aho-corasick';
import { KeywordAutomaton } from './keyword-automaton';
import { foldCase } from './keyword-scanner';

/** Every hit, in order, the way the rule scanner reads a field: the text lower-cased whole when it folds. */
function reference(keywords: ReadonlyMap<string, number>, text: string, fold: boolean): number[] {
  const hits: number[] = [];
  new AhoCorasick(keywords).forEachValue(fold ? foldCase(text) : text, (id) => hits.push(id));
  return hits;
}

function automaton(keywords: ReadonlyMap<string, number>, text: string, fold: boolean): number[] {
  const hits: number[] = [];
  const sink = { hit: (id: number) => hits.push(id) };
  const scanner = new KeywordAutomaton(keywords);
  if (!scanner.scan(text, fold, sink, 1)) {
    hits.length = 0;
    scanner.scan(foldCase(text), false, sink, 1);
  }
  return hits;
}

const keywordMap = (words: readonly string[]) =>
  new Map([...new Set(words.map(foldCase))].map((w, i) => [w, i] as const));

describe('KeywordAutomaton', () => {
  it('finds overlapping keywords, each time they occur, in the order they end', () => {
    const keywords = keywordMap(['物业', '物业费', '业费', '费', 'wifi']);
    expect(automaton(keywords, '物业费物业 WiFi', true)).toEqual([0, 1, 2, 3, 0, 4]);
    expect(automaton(keywords, '物业费物业 WiFi', false)).toEqual([0, 1, 2, 3, 0]);
  });

  it('lower-cases the text whole where one unit at a time would differ', () => {
    const keywords = keywordMap(['i̇x', 'σ', 'ς', 'ǆ', '😀a']);
    for (const text of ['İX', 'ΑΣ', 'ΑΣΑ', 'ǅ', 'ǅA', '😀A', '😀a']) {
      expect([text, automaton(keywords, text, true)]).toEqual([text, reference(keywords, text, true)]);
    }
  });

  it('agrees with Aho-Corasick over the folded text on any keywords and text', () => {
    const unit = fc.constantFrom(...'物业费噪音施工aAbBİiΣσςǅǆ5G😀 。'.split(''), '😀');
    const word = fc.array(unit, { minLength: 1, maxLength: 4 }).map((u) => u.join(''));
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 12 }),
        fc.array(unit, { maxLength: 30 }).map((u) => u.join('')),
        fc.boolean(),
        (words, text, fold) => {
          const keywords = keywordMap(words.filter((w) => foldCase(w).length > 0));
          expect(automaton(keywords, text, fold)).toEqual(reference(keywords, text, fold));
        },
      ),
      RUNS,
    );
  });

  it('bisects the edges of a state with many', () => {
    const tails = Array.from({ length: 200 }, (_, i) => String.fromCharCode(0x4e00 + i));
    const keywords = keywordMap([...tails.map((t) => `甲乙${t}`), ...tails.map((t) => `乙${t}乙`)]);
    const text = tails.map((t, i) => (i % 3 === 0 ? `甲乙${t}乙` : `${t}乙甲`)).join('');
    expect(automaton(keywords, text, false)).toEqual(reference(keywords, text, false));
    expect(automaton(keywords, text, false).length).toBeGreaterThan(100);
  });

  it('keeps complete rows only within its budget, and finds the same hits beyond it', () => {
    const words = Array.from({ length: 3000 }, (_, i) =>
      String.fromCharCode(0x4e00 + i, 0x4e00 + ((i * 7) % 3000)),
    );
    const keywords = keywordMap(words);
    const text = Array.from({ length: 400 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 13) % 3000))).join(
      '',
    );
    expect(automaton(keywords, text, false)).toEqual(reference(keywords, text, false));
  });
});
