/*
 * Character n-grams of Chinese appeal text. Chinese has no spaces and any segmenter would be one more model to
 * ship; overlapping 1–3 character grams catch words (物业, 拖欠工资) and their variants without one.
 */

/** Particles and pronouns that carry no topic; dropped before n-grams so 我们小区 and 小区 share grams. */
const STOP_CHARACTERS = new Set([
  ...'的了吗呢吧啊呀哦嗯么着地得我你您他她它们这那个也都就还很又被把给让和与及或但而却即',
]);

/** Phone and id numbers, dates, amounts: none of them says which department acts. */
const DIGITS = /[0-9]+/g;

const FULL_WIDTH_START = 0xff01;
const FULL_WIDTH_END = 0xff5e;
const FULL_TO_HALF = 0xfee0;
const IDEOGRAPHIC_SPACE = 0x3000;

/**
 * Full-width letters and digits to half-width, lower case, digits removed. Returns the segments between
 * punctuation and spaces: n-grams never cross a sentence or a clause.
 */
export function textSegments(text: string): string[] {
  let half = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= FULL_WIDTH_START && c <= FULL_WIDTH_END) half += String.fromCharCode(c - FULL_TO_HALF);
    else if (c === IDEOGRAPHIC_SPACE) half += ' ';
    else half += text[i];
  }
  const segments: string[] = [];
  for (const raw of half
    .toLowerCase()
    .replace(DIGITS, ' ')
    .split(/[^\p{L}]+/u)) {
    let s = '';
    for (const ch of raw) if (!STOP_CHARACTERS.has(ch)) s += ch;
    if (s) segments.push(s);
  }
  return segments;
}

export const MAX_NGRAM = 3;

const IS_LETTER = /\p{L}/u;
const STOP_CODES = new Set([...STOP_CHARACTERS].map((ch) => ch.charCodeAt(0)));

/** The code unit as textSegments would keep it: half-width lower case, 0 for a segment break, -1 to skip. */
function readFeatureCode(c: number): number {
  if (c >= 0x4e00 && c <= 0x9fff) return STOP_CODES.has(c) ? -1 : c;
  if (c >= FULL_WIDTH_START && c <= FULL_WIDTH_END) c -= FULL_TO_HALF;
  if (c >= 0x41 && c <= 0x5a) return c + 0x20;
  if (c >= 0x61 && c <= 0x7a) return c;
  if (c < 0x80) return 0;
  if (c === IDEOGRAPHIC_SPACE) return 0;
  const ch = String.fromCharCode(c).toLowerCase();
  return IS_LETTER.test(ch) ? (STOP_CODES.has(ch.charCodeAt(0)) ? -1 : ch.charCodeAt(0)) : 0;
}

const UNKNOWN = -2;
/**
 * readFeatureCode per code unit, filled on first sight: Chinese punctuation (。、“”) would otherwise take the
 * slow path (a string and a Unicode regex) on every occurrence.
 */
const FEATURE_CODES = new Int32Array(0x10000).fill(UNKNOWN);

export function featureCode(c: number): number {
  let f = FEATURE_CODES[c];
  if (f === UNKNOWN) FEATURE_CODES[c] = f = readFeatureCode(c);
  return f;
}

/**
 * Numeric keys, so feature lookup needs no substring: a unigram is its code unit, a bigram c1·2^16 + c2
 * (≥ 2^16), a trigram c1·2^32 + c2·2^16 + c3 (≥ 2^32), all below 2^53. One pass over the text, the same grams
 * as textSegments gives (the router calls this per item, so it builds no strings).
 */
export function ngramKeys(text: string, visit: (key: number) => void): void {
  let p1 = 0;
  let p2 = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = featureCode(text.charCodeAt(i));
    if (c < 0) continue;
    if (c === 0) {
      p1 = 0;
      p2 = 0;
      continue;
    }
    visit(c);
    if (p1 > 0) visit(p1 * 0x10000 + c);
    if (p2 > 0) visit(p2 * 0x100000000 + p1 * 0x10000 + c);
    p2 = p1;
    p1 = c;
  }
}

export function keyOf(gram: string): number {
  let key = 0;
  for (let i = 0; i < gram.length; i += 1) key = key * 0x10000 + gram.charCodeAt(i);
  return key;
}

export function gramOf(key: number): string {
  const codes: number[] = [];
  for (let k = key; k > 0; k = Math.floor(k / 0x10000)) codes.unshift(k % 0x10000);
  return String.fromCharCode(...codes);
}

/** Term counts of one text by n-gram key. */
export function termCounts(text: string): Map<number, number> {
  const counts = new Map<number, number>();
  ngramKeys(text, (key) => counts.set(key, (counts.get(key) ?? 0) + 1));
  return counts;
}
