import { createHash } from 'node:crypto';

/**
 * 64-bit SimHash over character bigrams. Chinese has no spaces, and the same appeal retold on another channel
 * changes words here and there; bigram shingles keep most features, so near-duplicates land a few bits apart.
 */
// Bigrams repeat across appeals; hashing each afresh was a tenth of the router's time (decision 026). Bounded, so a
// stream of unusual text cannot grow it without limit. A bigram is two UTF-16 code units, so it is keyed by one
// number, and its hash is kept as two 32-bit halves: slicing a string and reading a Buffer per bigram made simhash
// the router's hottest function again (decision 033).
const GRAM_CACHE_LIMIT = 200_000;
const gramHashes = new Map<number, number>();
let gramHalves = new Int32Array(2 * 1024);

/** The index of the bigram's cached halves in gramHalves. */
function gramSlot(text: string, i: number): number {
  const key = text.charCodeAt(i) * 0x10000 + text.charCodeAt(i + 1);
  let slot = gramHashes.get(key);
  if (slot === undefined) {
    if (gramHashes.size >= GRAM_CACHE_LIMIT) gramHashes.clear();
    slot = gramHashes.size;
    if (2 * slot + 2 > gramHalves.length) {
      const grown = new Int32Array(Math.min(2 * GRAM_CACHE_LIMIT, gramHalves.length * 2));
      grown.set(gramHalves);
      gramHalves = grown;
    }
    const h = createHash('md5')
      .update(text.slice(i, i + 2))
      .digest();
    gramHalves[2 * slot] = h.readInt32LE(0);
    gramHalves[2 * slot + 1] = h.readInt32LE(4);
    gramHashes.set(key, slot);
  }
  return slot;
}

const NOT_HASHED = /[\s\p{P}\p{S}]/gu;

/** Bit b of the MD5 (byte b >> 3, bit b & 7) is bit b of the little-endian 64-bit word, as it always was. */
export function simhash(text: string): bigint {
  const clean = text.replace(NOT_HASHED, '');
  const weights = new Int32Array(64);
  // Every occurrence adds its bigram's ±1 per bit: the same sums as counting first and adding ±count.
  for (let i = 0; i + 1 < clean.length; i++) {
    const slot = gramSlot(clean, i);
    const lo = gramHalves[2 * slot];
    const hi = gramHalves[2 * slot + 1];
    for (let bit = 0; bit < 32; bit++) {
      weights[bit] += ((lo >>> bit) & 1) * 2 - 1;
      weights[bit + 32] += ((hi >>> bit) & 1) * 2 - 1;
    }
  }
  let lo = 0;
  let hi = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (weights[bit] > 0) lo |= 1 << bit;
    if (weights[bit + 32] > 0) hi |= 1 << bit;
  }
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** On two 32-bit halves as numbers: a BigInt bit loop was the router's hottest function (decision 026). */
export function hammingDistance(a: bigint, b: bigint): number {
  const x = BigInt.asUintN(64, a ^ b);
  return popcount32(Number(x & 0xffffffffn)) + popcount32(Number(x >> 32n));
}

/**
 * Four 16-bit bands: two hashes within 3 bits of each other agree on at least one band (pigeonhole), so a
 * lookup by "any band equal" finds every candidate without scanning the window.
 */
export function simhashBands(h: bigint): [number, number, number, number] {
  return [0, 1, 2, 3].map((i) => Number((h >> BigInt(16 * i)) & 0xffffn)) as [number, number, number, number];
}

/** As a signed 64-bit decimal string, the form PostgreSQL's bigint accepts. */
export function simhashToSql(h: bigint): string {
  return BigInt.asIntN(64, h).toString();
}

export function simhashFromSql(s: string): bigint {
  return BigInt.asUintN(64, BigInt(s));
}
