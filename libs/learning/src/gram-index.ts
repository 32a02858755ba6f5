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

/** Slot layout in the one table: hi, lo, vocabulary index, padding (16 bytes, four slots to a cache line). */
const STRIDE = 4;
const HI = 0;
const LO = 1;
const VALUE = 2;

/**
 * Open addressing with linear probing, at most half full; built once per vocabulary, read per text. Key halves
 * and index share one array: separate arrays cost the router three cache misses per gram looked up instead of one.
 */
export class GramIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(grams: readonly string[]) {
    let capacity = 16;
    while (capacity < grams.length * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.slots = new Int32Array(capacity * STRIDE);
    for (let s = 0; s < capacity; s += 1) this.slots[s * STRIDE + VALUE] = EMPTY;
    grams.forEach((gram, i) => this.insert(gram, i));
  }

  /** The index of the gram with these key halves, or -1. */
  get(hi: number, lo: number): number {
    const slots = this.slots;
    for (let s = hash(hi, lo) & this.mask; ; s = (s + 1) & this.mask) {
      const at = s * STRIDE;
      const v = slots[at + VALUE];
      if (v === EMPTY || (slots[at + HI] === hi && slots[at + LO] === lo)) return v;
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
      const at = s * STRIDE;
      if (this.slots[at + VALUE] === EMPTY || (this.slots[at + HI] === hi && this.slots[at + LO] === lo)) {
        this.slots[at + HI] = hi;
        this.slots[at + LO] = lo;
        this.slots[at + VALUE] = index;
        return;
      }
    }
  }
}
