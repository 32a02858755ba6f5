import { RE2JS } from 're2js';
import type { KeywordTable } from './keyword-scanner';
import { rarerFirst, requiredLiterals } from './regex-literals';

/**
 * What a text must contain for a regex to match it, in keyword ids of the rule set's table, so the single
 * keyword pass of an evaluation answers it and the RE2 program runs only on texts that pass. A keyword id
 * alone: that literal; an array: all of (`and`) or one of (`or`) the parts.
 */
export type Requirement = number | { and: Requirement[] } | { or: Requirement[] };

/*
 * re2js works out the same necessary condition from the simplified parse tree (its `prefilter`) and checks it
 * with indexOf before every match; it does not export the parse tree, so the prefilter is read from the
 * compiled object. Its node kinds are re2js internals: they are checked once against a known pattern, and if
 * they ever differ no requirement is derived and every regex simply runs as before.
 */
const EXACT = 1;
const AND = 2;
const OR = 3;

interface RawPrefilter {
  type: number;
  str: string;
  subs: RawPrefilter[];
}

function isRaw(value: unknown): value is RawPrefilter {
  if (typeof value !== 'object' || value === null) return false;
  const { type, str, subs } = value as Partial<RawPrefilter>;
  return typeof type === 'number' && typeof str === 'string' && Array.isArray(subs) && subs.every(isRaw);
}

function rawPrefilter(regex: RE2JS): RawPrefilter | null {
  const raw: unknown = (regex as { re2Input?: { prefilter?: unknown } }).re2Input?.prefilter;
  return isRaw(raw) ? raw : null;
}

/** The prefilter of a pattern whose shape is known: 甲, and one of 乙丙 or 丁戊. */
const understood = ((): boolean => {
  const shape = (p: RawPrefilter): string =>
    p.type === EXACT ? p.str : `${p.type}(${p.subs.map(shape).join(',')})`;
  const probe = rawPrefilter(RE2JS.compile('甲.*(乙丙|丁戊)'));
  return probe !== null && shape(probe) === `${AND}(甲,${OR}(乙丙,丁戊))`;
})();

/**
 * The literal is found by the keyword pass only if case folding leaves it and its surroundings alone: the
 * pass may scan the lower-cased text, and only a literal without letters of case is sure to survive that.
 */
const caseless = (literal: string): boolean =>
  literal.toLowerCase() === literal && literal.toUpperCase() === literal;

/** Of the literal sets read from a pattern's source, at most this many are checked. */
const MAX_CLAUSES = 3;

/** The requirement of a compiled regex, interning its literals in `table`; null when it needs nothing. */
export function regexRequirement(regex: RE2JS, table: KeywordTable): Requirement | null {
  const own = sourceRequirement(regex.pattern(), table);
  if (own !== null || !understood) return own;
  const raw = rawPrefilter(regex);
  return raw ? convert(raw, table) : null;
}

function sourceRequirement(pattern: string, table: KeywordTable): Requirement | null {
  const clauses = (requiredLiterals(pattern) ?? [])
    .filter((c) => [...c].every(caseless))
    .sort(rarerFirst)
    .slice(0, MAX_CLAUSES);
  const parts = clauses.map((c): Requirement => {
    const ids = [...c].map((literal) => table.internLiteral(literal));
    return ids.length === 1 ? ids[0] : { or: ids };
  });
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0] : { and: parts };
}

function convert(p: RawPrefilter, table: KeywordTable): Requirement | null {
  if (p.type === EXACT) return p.str.length > 0 && caseless(p.str) ? table.internLiteral(p.str) : null;
  const parts: Requirement[] = [];
  for (const sub of p.subs) {
    const part = convert(sub, table);
    // A part that needs nothing drops out of a conjunction and voids a disjunction.
    if (part !== null) parts.push(part);
    else if (p.type === OR) return null;
  }
  if (parts.length === 0 || (p.type !== AND && p.type !== OR)) return null;
  if (parts.length === 1) return parts[0];
  return p.type === AND ? { and: parts } : { or: parts };
}

/** Whether the keywords hit in the field of `bit` satisfy the requirement. */
export function satisfied(req: Requirement, fieldHits: Uint8Array, bit: number): boolean {
  if (typeof req === 'number') return (fieldHits[req] & bit) !== 0;
  if ('and' in req) {
    for (const part of req.and) if (!satisfied(part, fieldHits, bit)) return false;
    return true;
  }
  for (const part of req.or) if (satisfied(part, fieldHits, bit)) return true;
  return false;
}

/**
 * Keyword ids one of which every satisfying text holds: for candidate selection. Of a conjunction the part
 * with the fewest and then longest keywords, which is the likeliest to be rare.
 */
export function requirementAnchors(req: Requirement, table: KeywordTable): number[] {
  if (typeof req === 'number') return [req];
  if ('or' in req) return [...new Set(req.or.flatMap((part) => requirementAnchors(part, table)))];
  let best: number[] = [];
  let bestScore = -Infinity;
  for (const part of req.and) {
    const anchors = requirementAnchors(part, table);
    const shortest = Math.min(...anchors.map((id) => table.spelling(id).length));
    const score = shortest - anchors.length * 0.01;
    if (score > bestScore) [best, bestScore] = [anchors, score];
  }
  return best;
}
