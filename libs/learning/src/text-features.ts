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

/**
 * Numeric keys, so feature lookup needs no substring: a unigram is its code unit, a bigram c1·2^16 + c2
 * (≥ 2^16), a trigram c1·2^32 + c2·2^16 + c3 (≥ 2^32), all below 2^53.
 */
export function ngramKeys(text: string, visit: (key: number) => void): void {
  for (const s of textSegments(text)) {
    for (let i = 0; i < s.length; i += 1) {
      const c1 = s.charCodeAt(i);
      visit(c1);
      if (i + 1 < s.length) {
        const c2 = s.charCodeAt(i + 1);
        visit(c1 * 0x10000 + c2);
        if (i + 2 < s.length) visit(c1 * 0x100000000 + c2 * 0x10000 + s.charCodeAt(i + 2));
      }
    }
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
