/**
 * Masks personal data inside free text: mainland ID numbers (18 and 15 digits), mobiles and landlines, also when
 * written with full-width digits or split by spaces, dashes or dots. Run at the ingest door on every channel's text
 * and again on every log line.
 *
 * Matching runs on a copy where each full-width character is replaced by its ASCII twin. Both are one UTF-16 unit,
 * so a match's offsets are the same in the original, and the text around a match is left exactly as written.
 */
const FULL_WIDTH = /[\uFF10-\uFF19\uFF38\uFF58\uFF0B\uFF0D\uFF0E\uFF08\uFF09\u3000]/g;

function toAscii(text: string): string {
  return text.replace(FULL_WIDTH, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/** Letters or digits right beside a number make it part of a code (工单号 GD2026…), not a phone or ID number. */
const BEFORE = '(?<![0-9A-Za-z])';
const AFTER = '(?![0-9A-Za-z])';
const SEP = '[ \\t.-]?';
const MMDD = '(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])';

interface Pattern {
  re: RegExp;
  mask: (digits: string, match: RegExpMatchArray) => string;
}

// Longest first: an 18-digit ID contains runs the phone patterns would also take.
const PATTERNS: Pattern[] = [
  {
    // 18 digits (the last may be X) in the 6-8-4 groups people write; any such run is treated as an ID number.
    re: new RegExp(`${BEFORE}\\d{6}[ -]?\\d{8}[ -]?\\d{3}[\\dXx]${AFTER}`, 'g'),
    mask: (d) => `${d.slice(0, 6)}********${d.slice(-4)}`,
  },
  {
    // The first-generation 15-digit number: area, YYMMDD, sequence. The date is checked: 15-digit codes are common.
    re: new RegExp(`${BEFORE}\\d{6}[ -]?\\d{2}${MMDD}[ -]?\\d{3}${AFTER}`, 'g'),
    mask: (d) => `${d.slice(0, 6)}******${d.slice(-3)}`,
  },
  {
    re: new RegExp(`${BEFORE}(?:\\+?86${SEP})?1[3-9]\\d${SEP}\\d{4}${SEP}\\d{4}${AFTER}`, 'g'),
    mask: (d) => `${d.slice(-11, -8)}****${d.slice(-4)}`,
  },
  {
    // Area code 0xx or 0xxx (optionally in brackets), then 7 or 8 digits.
    re: new RegExp(`${BEFORE}(\\(0\\d{2,3}\\)|0\\d{2,3})${SEP}\\d{3,4}${SEP}\\d{4}${AFTER}`, 'g'),
    mask: (d, m) => `${m[1].replace(/\D/g, '')}-****${d.slice(-4)}`,
  },
];

export function maskText(text: string): string {
  let original = text;
  let ascii = toAscii(text);
  for (const { re, mask } of PATTERNS) {
    let outOriginal = '';
    let outAscii = '';
    let last = 0;
    for (const m of ascii.matchAll(re)) {
      const at = m.index ?? 0;
      const masked = mask(m[0].replace(/[^\dXx]/g, ''), m);
      outOriginal += original.slice(last, at) + masked;
      outAscii += ascii.slice(last, at) + masked;
      last = at + m[0].length;
    }
    if (!last) continue;
    original = outOriginal + original.slice(last);
    ascii = outAscii + ascii.slice(last);
  }
  return original;
}

/** Deep copy with every string masked; logs get structured objects as often as messages. */
export function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return {
      type: value.name,
      message: maskText(value.message),
      stack: value.stack ? maskText(value.stack) : undefined,
    };
  }
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = maskDeep(v, depth + 1);
  return out;
}
