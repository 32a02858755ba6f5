import { AhoCorasick } from './aho-corasick';

const spans = (ac: AhoCorasick<number>, text: string): string[] =>
  ac
    .findAll(text)
    .map((h) => `${h.pattern}@${h.start}-${h.end}:${h.value}`)
    .sort();

describe('AhoCorasick', () => {
  it('reports overlapping and nested patterns, including those only reachable via failure links', () => {
    const ac = new AhoCorasick<number>([
      ['he', 1],
      ['she', 2],
      ['his', 3],
      ['hers', 4],
    ]);
    expect(spans(ac, 'ushers')).toEqual(['he@2-4:1', 'hers@2-6:4', 'she@1-4:2']);
  });

  it('finds every Chinese name in one pass, with code-unit offsets into the text', () => {
    const ac = new AhoCorasick<number>([
      ['阜阳', 1],
      ['阜阳经济技术开发区', 2],
      ['经济技术开发区', 3],
      ['京九街道', 4],
    ]);
    expect(spans(ac, '阜阳经济技术开发区京九街道')).toEqual([
      '京九街道@9-13:4',
      '经济技术开发区@2-9:3',
      '阜阳@0-2:1',
      '阜阳经济技术开发区@0-9:2',
    ]);
  });

  it('finds repeated occurrences and nothing in unrelated text', () => {
    const ac = new AhoCorasick<number>([['颍州', 1]]);
    expect(spans(ac, '颍州颍州')).toEqual(['颍州@0-2:1', '颍州@2-4:1']);
    expect(ac.findAll('临泉县')).toEqual([]);
    expect(ac.findAll('')).toEqual([]);
  });

  it('rejects empty and duplicate patterns, since either would corrupt the hit list', () => {
    expect(() => new AhoCorasick<number>([['', 1]])).toThrow(/empty/);
    expect(
      () =>
        new AhoCorasick<number>([
          ['颍州', 1],
          ['颍州', 2],
        ]),
    ).toThrow(/duplicate/);
  });
});
