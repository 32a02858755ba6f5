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

/**
 * Slot layouts in the one table. Narrow (every vocabulary index fits 16 bits, as the default 30,000 features do):
 * lo, then hi << 16 | index, eight bytes a slot. Wide: lo, hi, index, padding. Either way lo is 0 only in an empty
 * slot, since every gram character is non-zero. Narrow halves the table, and the router finds more of it in
 * cache when its own work between items has evicted much of it.
 */
const NARROW_STRIDE = 2;
const WIDE_STRIDE = 4;
const NARROW_MAX = 0xffff;

/**
 * Open addressing with linear probing, at most half full; built once per vocabulary, read per text. Key halves
 * and index share one array: separate arrays cost the router three cache misses per gram looked up instead of one.
 */
export class GramIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly narrow: boolean;

  constructor(grams: readonly string[]) {
    let capacity = 16;
    while (capacity < grams.length * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.narrow = grams.length <= NARROW_MAX + 1;
    this.slots = new Int32Array(capacity * (this.narrow ? NARROW_STRIDE : WIDE_STRIDE));
    grams.forEach((gram, i) => this.insert(gram, i));
  }

  /** The index of the gram with these key halves, or -1. */
  get(hi: number, lo: number): number {
    const slots = this.slots;
    if (this.narrow) {
      for (let s = hash(hi, lo) & this.mask; ; s = (s + 1) & this.mask) {
        const at = s * NARROW_STRIDE;
        const l = slots[at];
        if (l === 0) return EMPTY;
        if (l === lo && slots[at + 1] >>> 16 === hi) return slots[at + 1] & NARROW_MAX;
      }
    }
    for (let s = hash(hi, lo) & this.mask; ; s = (s + 1) & this.mask) {
      const at = s * WIDE_STRIDE;
      const l = slots[at];
      if (l === 0) return EMPTY;
      if (l === lo && slots[at + 1] === hi) return slots[at + 2];
    }
  }

  /** Grams longer than three characters can never be read from a text and are left out; a repeat takes the later index. */
  private insert(gram: string, index: number): void {
    const n = gram.length;
    if (n < 1 || n > 3) return;
    const c = (k: number) => gram.charCodeAt(k);
    const hi = n === 3 ? c(0) : 0;
    const lo = n === 1 ? c(0) : loOf(c(n - 2), c(n - 1));
    const slots = this.slots;
    for (let s = hash(hi, lo) & this.mask; ; s = (s + 1) & this.mask) {
      if (this.narrow) {
        const at = s * NARROW_STRIDE;
        if (slots[at] === 0 || (slots[at] === lo && slots[at + 1] >>> 16 === hi)) {
          slots[at] = lo;
          slots[at + 1] = (hi << 16) | index;
          return;
        }
      } else {
        const at = s * WIDE_STRIDE;
        if (slots[at] === 0 || (slots[at] === lo && slots[at + 1] === hi)) {
          slots[at] = lo;
          slots[at + 1] = hi;
          slots[at + 2] = index;
          return;
        }
      }
    }
  }
}
