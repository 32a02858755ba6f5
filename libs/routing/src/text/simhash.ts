import { createHash } from 'node:crypto';

/**
 * 64-bit SimHash over character bigrams. Chinese has no spaces, and the same appeal retold on another channel
 * changes words here and there; bigram shingles keep most features, so near-duplicates land a few bits apart.
 */
// Bigrams repeat across appeals; hashing each afresh was a tenth of the router's time (decision 026). Bounded, so a
// stream of unusual text cannot grow it without limit.
const GRAM_CACHE_LIMIT = 200_000;
const gramHashes = new Map<string, Buffer>();

function gramHash(gram: string): Buffer {
  let h = gramHashes.get(gram);
  if (!h) {
    if (gramHashes.size >= GRAM_CACHE_LIMIT) gramHashes.clear();
    h = createHash('md5').update(gram).digest();
    gramHashes.set(gram, h);
  }
  return h;
}

export function simhash(text: string): bigint {
  const clean = text.replace(/[\s\p{P}\p{S}]/gu, '');
  const weights = new Array<number>(64).fill(0);
  const counts = new Map<string, number>();
  for (let i = 0; i + 1 < clean.length; i++) {
    const gram = clean.slice(i, i + 2);
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  for (const [gram, count] of counts) {
    const h = gramHash(gram);
    for (let bit = 0; bit < 64; bit++) {
      const set = (h[bit >> 3] >> (bit & 7)) & 1;
      weights[bit] += set ? count : -count;
    }
  }
  let out = 0n;
  for (let bit = 0; bit < 64; bit++) if (weights[bit] > 0) out |= 1n << BigInt(bit);
  return out;
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
