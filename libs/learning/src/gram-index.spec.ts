import { GramIndex, loOf } from './gram-index';

const keyHalves = (gram: string): [number, number] => {
  const c = (k: number) => gram.charCodeAt(k);
  if (gram.length === 1) return [0, c(0)];
  if (gram.length === 2) return [0, loOf(c(0), c(1))];
  return [c(0), loOf(c(1), c(2))];
};

describe('GramIndex', () => {
  it('finds every 1-, 2- and 3-gram at its vocabulary index, through collisions and a full-ish table', () => {
    // Enough grams that the table needs several doublings and probe runs are long somewhere.
    const grams: string[] = [];
    for (let i = 0; i < 3000; i += 1) {
      const a = String.fromCharCode(0x4e00 + (i % 97));
      const b = String.fromCharCode(0x4e00 + ((i * 7) % 89));
      grams.push([a, a + b, a + b + String.fromCharCode(0x61 + (i % 26))][i % 3]);
    }
    const unique = [...new Set(grams)];
    const index = new GramIndex(unique);
    unique.forEach((gram, i) => expect(index.get(...keyHalves(gram))).toBe(i));
  });

  it('answers -1 for a gram it does not hold and keeps unigram, bigram and trigram keys apart', () => {
    const index = new GramIndex(['物', '物业', '物业费']);
    expect(index.get(...keyHalves('业'))).toBe(-1);
    expect(index.get(...keyHalves('业费'))).toBe(-1);
    expect(index.get(0, loOf('物'.charCodeAt(0), 0))).toBe(-1);
  });

  it('leaves out grams that a text can never yield and gives a repeated gram its later index', () => {
    const index = new GramIndex(['', '物业费用', '噪音', '噪音']);
    expect(index.get(...keyHalves('噪音'))).toBe(3);
    expect(index.get(...keyHalves('物业费'))).toBe(-1);
  });

  it('holds a vocabulary too big for 16-bit indices', () => {
    const grams: string[] = [];
    for (let i = 0; grams.length < 70_000; i += 1)
      grams.push(String.fromCharCode(0x4e00 + (i % 300), 0x4e00 + Math.floor(i / 300)));
    grams.push('物业费');
    const index = new GramIndex(grams);
    for (const i of [0, 1, 65_535, 65_536, 69_999, 70_000]) expect(index.get(...keyHalves(grams[i]))).toBe(i);
    expect(index.get(...keyHalves('物业'))).toBe(-1);
  });
});
