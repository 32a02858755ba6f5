import { KeywordAutomaton, type HitSink } from './keyword-automaton';
import type { TextField } from './rule-set.schema';

/** One bit per text field, so a keyword's hits in an item fit in one byte. */
export const FIELD_BIT: Readonly<Record<TextField, number>> = { title: 1, content: 2, address: 4 };
const FIELD_NAMES: readonly [number, TextField][] = [
  [1, 'title'],
  [2, 'content'],
  [4, 'address'],
];

/** fieldNames of every combination of FIELD_BIT bits, so explanations need not build them. */
const FIELD_NAMES_BY_BITS = Array.from({ length: 8 }, (_, bits) =>
  FIELD_NAMES.filter(([bit]) => bits & bit)
    .map(([, name]) => name)
    .join('+'),
);

/** 'title+content' for the fields of `bits`. */
export function fieldNames(bits: number): string {
  return FIELD_NAMES_BY_BITS[bits & 7];
}

const UPPER_CASE = /\p{Lu}/u;

/** Keywords match regardless of letter case (5G / 5g, WiFi / wifi); Chinese text is unaffected. */
export function foldCase(text: string): string {
  return hasUpperCase(text) ? text.toLowerCase() : text;
}

/** UPPER_CASE per BMP code unit, filled on first sight: 0 not yet known, 1 no, 2 yes. */
const UPPER_BY_CODE = new Uint8Array(0x10000);

/** UPPER_CASE.test(text) one code unit at a time from a table; a surrogate (astral letters) asks the regex. */
function hasUpperCase(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return UPPER_CASE.test(text);
    let upper = UPPER_BY_CODE[c];
    if (upper === 0) UPPER_BY_CODE[c] = upper = UPPER_CASE.test(text[i]) ? 2 : 1;
    if (upper === 2) return true;
  }
  return false;
}

/** Whether folding case can change what matches `keyword` (it holds a letter with case). */
const hasCase = (keyword: string): boolean => keyword.toLowerCase() !== keyword.toUpperCase();

/** Gives each distinct keyword of a rule set a dense index, so hits are kept in typed arrays. */
export class KeywordTable {
  private readonly index = new Map<string, number>();
  private readonly spellings: string[] = [];
  /** Ids so far interned only as regex literals: a keyword condition that comes later spells them. */
  private readonly literalOnly = new Set<number>();
  private cased = false;

  intern(keyword: string): number {
    const id = this.add(keyword);
    if (this.literalOnly.delete(id)) this.spellings[id] = keyword;
    return id;
  }

  /** A literal a regex requires (see regex-prefilter): scanned for, but not a keyword of any condition. */
  internLiteral(literal: string): number {
    const known = this.index.get(foldCase(literal));
    if (known !== undefined) return known;
    const id = this.add(literal);
    this.literalOnly.add(id);
    return id;
  }

  /** Distinct keywords of keyword conditions. */
  get keywords(): number {
    return this.spellings.length - this.literalOnly.size;
  }

  /** Distinct keywords and regex literals: the range of ids. */
  get size(): number {
    return this.spellings.length;
  }

  private add(keyword: string): number {
    const key = foldCase(keyword);
    let id = this.index.get(key);
    if (id === undefined) {
      id = this.spellings.push(keyword) - 1;
      this.index.set(key, id);
      this.cased ||= hasCase(keyword);
    }
    return id;
  }

  /** The keyword as the first rule that used it spelled it. */
  spelling(id: number): string {
    return this.spellings[id];
  }

  scanner(fields: number): KeywordScanner {
    return new KeywordScanner(this.index, this.spellings.length, fields, this.cased);
  }
}

/**
 * The single pass of an evaluation over the item's text: every keyword of every rule, in one Aho-Corasick
 * automaton, run once over each text field that some keyword condition reads. Afterwards `fieldHits[k]` holds
 * the bits of the fields keyword k occurs in, and `hits[0..hitCount)` lists the keywords hit.
 */
export class KeywordScanner implements HitSink {
  readonly fieldHits: Uint8Array;
  readonly hits: Int32Array;
  hitCount = 0;
  private readonly automaton: KeywordAutomaton | undefined;

  constructor(
    keywords: ReadonlyMap<string, number>,
    size: number,
    /** Bits of the fields any keyword condition reads; the others are not scanned. */
    private readonly fields: number,
    /**
     * Whether any keyword has a letter with case. When none has, folding the text could change no match
     * (a folded letter still matches no keyword character), so the text is scanned as it is.
     */
    private readonly foldText: boolean,
  ) {
    this.fieldHits = new Uint8Array(size);
    this.hits = new Int32Array(size);
    this.automaton = size > 0 ? new KeywordAutomaton(keywords) : undefined;
  }

  scan(title: string | undefined, content: string, address: string | undefined): void {
    for (let i = 0; i < this.hitCount; i++) this.fieldHits[this.hits[i]] = 0;
    this.hitCount = 0;
    if (!this.automaton) return;
    if (title && this.fields & FIELD_BIT.title) this.scanField(this.automaton, title, FIELD_BIT.title);
    if (content && this.fields & FIELD_BIT.content)
      this.scanField(this.automaton, content, FIELD_BIT.content);
    if (address && this.fields & FIELD_BIT.address)
      this.scanField(this.automaton, address, FIELD_BIT.address);
  }

  hit(k: number, bit: number): void {
    if (this.fieldHits[k] === 0) this.hits[this.hitCount++] = k;
    this.fieldHits[k] |= bit;
  }

  private scanField(automaton: KeywordAutomaton, text: string, bit: number): void {
    if (!automaton.scan(text, this.foldText, this, bit)) automaton.scan(foldCase(text), false, this, bit);
  }
}
