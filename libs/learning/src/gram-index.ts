/*
 * Gram → vocabulary index without strings or heap numbers. A gram of up to three UTF-16 code units is two int32
 * keys: `hi` the first of three (0 for shorter grams), `lo` the last two packed (c1 << 16 | c2) or the only one.
 * Every gram character is non-zero, so a unigram, a bigram and a trigram never share a key.
 */

const EMPTY = -1;

/** The key halves of a gram read from the text: unigram c, bigram (p1, c), trigram (p2, p1, c). */
export const loOf = (p1: number, c: number): number => (p1 << 16) | c;

function hash(hi: number, lo: number): number {
  const h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi + 0x7f4a7c15, 0x85ebca6b);
  return h ^ (h >>> 15);
}

/** Open addressing with linear probing, at most half full; built once per vocabulary, read per text. */
export class GramIndex {
  private readonly his: Int32Array;
  private readonly los: Int32Array;
  private readonly values: Int32Array;
  private readonly mask: number;

  constructor(grams: readonly string[]) {
    let capacity = 16;
    while (capacity < grams.length * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.his = new Int32Array(capacity);
    this.los = new Int32Array(capacity);
    this.values = new Int32Array(capacity).fill(EMPTY);
    grams.forEach((gram, i) => this.insert(gram, i));
  }

  /** The index of the gram with these key halves, or -1. */
  get(hi: number, lo: number): number {
    for (let s = hash(hi, lo) & this.mask; ; s = (s + 1) & this.mask) {
      const v = this.values[s];
      if (v === EMPTY || (this.his[s] === hi && this.los[s] === lo)) return v;
    }
  }

  /** Grams longer than three characters can never be read from a text and are left out; a repeat takes the later index. */
  private insert(gram: string, index: number): void {
    const n = gram.length;
    if (n < 1 || n > 3) return;
    const c = (k: number) => gram.charCodeAt(k);
    const hi = n === 3 ? c(0) : 0;
    const lo = n === 1 ? c(0) : loOf(c(n - 2), c(n - 1));
    for (let s = hash(hi, lo) & this.mask; ; s = (s + 1) & this.mask) {
      if (this.values[s] === EMPTY || (this.his[s] === hi && this.los[s] === lo)) {
        this.his[s] = hi;
        this.los[s] = lo;
        this.values[s] = index;
        return;
      }
    }
  }
}
