import type { EvaluationState } from './evaluation-state';
import { FIELD_BIT, fieldNames, type KeywordTable } from './keyword-scanner';
import { compileRegexCondition, type RegexProbe } from './regex-node';
import { DEFAULT_TEXT_FIELDS, type Condition, type TextField } from './rule-set.schema';
import {
  formatClockTime,
  inClockWindow,
  isoWeekday,
  minuteOfDay,
  parseClockTime,
  WEEKDAY_NAMES,
} from './shanghai-clock';

/**
 * A rule's condition compiled once: closures over precomputed sets, keyword ids and RE2 programs. `test` runs
 * for every candidate rule and allocates nothing; `explain` runs only for rules that matched.
 */
export interface ConditionNode {
  test(s: EvaluationState): boolean;
  /** Appends why the condition holds; call only after test() returned true. */
  explain(s: EvaluationState, because: string[]): void;
  /** Static text, used to explain `not`. */
  readonly description: string;
  /**
   * Keyword ids at least one of which every input satisfying the condition contains (in some field), or null
   * when there is no such set. A rule with anchors is evaluated only for inputs that hit one of them.
   */
  readonly anchors: readonly number[] | null;
}

/** What compiling a rule set learns across its conditions. */
export interface CompileUsage {
  /** FIELD_BIT bits of the fields the keyword pass must scan: those keyword conditions and regex literals read. */
  keywordFields: number;
  regexes: number;
  /** Compiled patterns by source, shared by the conditions that use them. */
  probes: Map<string, RegexProbe>;
}

export function compileCondition(
  condition: Condition,
  table: KeywordTable,
  usage: CompileUsage,
): ConditionNode {
  if ('all' in condition) return new AllNode(condition.all.map((c) => compileCondition(c, table, usage)));
  if ('any' in condition) return new AnyNode(condition.any.map((c) => compileCondition(c, table, usage)));
  if ('not' in condition) return new NotNode(compileCondition(condition.not, table, usage));
  if ('keywords' in condition) {
    const fields = fieldBits(condition.in);
    usage.keywordFields |= fields;
    return new KeywordsNode(table, condition.keywords, fields);
  }
  if ('regex' in condition) {
    return compileRegexCondition(condition.regex, condition.in ?? DEFAULT_TEXT_FIELDS, table, usage);
  }
  if ('channel' in condition) {
    return new SetNode('channel', condition.channel, (s) => s.input.channel);
  }
  if ('appealType' in condition) {
    return new SetNode('appealType', condition.appealType, (s) => s.input.appealType);
  }
  if ('jurisdiction' in condition) return new JurisdictionNode(condition.jurisdiction);
  if ('label' in condition) return new LabelNode(condition.label);
  if ('riskFlags' in condition) return new RiskFlagsNode(condition.riskFlags);
  if ('timeOfDay' in condition) {
    return new TimeOfDayNode(
      parseClockTime(condition.timeOfDay.from),
      parseClockTime(condition.timeOfDay.to),
    );
  }
  return new DayOfWeekNode(condition.dayOfWeek);
}

function fieldBits(fields: readonly TextField[] | undefined): number {
  let bits = 0;
  for (const f of fields ?? DEFAULT_TEXT_FIELDS) bits |= FIELD_BIT[f];
  return bits;
}

const quote = (words: readonly string[]): string => words.map((w) => `「${w}」`).join('');

class AllNode implements ConditionNode {
  readonly description: string;
  readonly anchors: readonly number[] | null;

  constructor(private readonly children: readonly ConditionNode[]) {
    this.description = `all of (${children.map((c) => c.description).join('; ')})`;
    // Every child must hold, so any one child's anchors will do: take the smallest set.
    let best: readonly number[] | null = null;
    for (const child of children) {
      if (child.anchors && (best === null || child.anchors.length < best.length)) best = child.anchors;
    }
    this.anchors = best;
  }

  test(s: EvaluationState): boolean {
    const children = this.children;
    for (let i = 0; i < children.length; i++) if (!children[i].test(s)) return false;
    return true;
  }

  explain(s: EvaluationState, because: string[]): void {
    for (const child of this.children) child.explain(s, because);
  }
}

class AnyNode implements ConditionNode {
  readonly description: string;
  readonly anchors: readonly number[] | null;

  constructor(private readonly children: readonly ConditionNode[]) {
    this.description = `any of (${children.map((c) => c.description).join('; ')})`;
    // Some child must hold, so the union of all children's anchors — only if every child has some.
    this.anchors = children.every((c) => c.anchors !== null)
      ? [...new Set(children.flatMap((c) => c.anchors ?? []))]
      : null;
  }

  test(s: EvaluationState): boolean {
    const children = this.children;
    for (let i = 0; i < children.length; i++) if (children[i].test(s)) return true;
    return false;
  }

  explain(s: EvaluationState, because: string[]): void {
    for (const child of this.children) if (child.test(s)) child.explain(s, because);
  }
}

class NotNode implements ConditionNode {
  readonly description: string;
  readonly anchors = null;

  constructor(private readonly child: ConditionNode) {
    this.description = `not (${child.description})`;
  }

  test(s: EvaluationState): boolean {
    return !this.child.test(s);
  }

  explain(_s: EvaluationState, because: string[]): void {
    because.push(this.description);
  }
}

class KeywordsNode implements ConditionNode {
  readonly description: string;
  readonly anchors: readonly number[] | null;
  private readonly any: Int32Array | null;
  private readonly all: Int32Array | null;
  private readonly none: Int32Array | null;
  /** The ids of `all` then `any`, in the order explain lists them (an id in both is listed twice). */
  private readonly listed: Int32Array;
  /** Explanation line of listed[i] found in fields `where`, at i * 8 + where: written once, on first use. */
  private readonly lines: string[] = [];
  private readonly noneLine: string | null;

  constructor(
    private readonly table: KeywordTable,
    lists: { any?: string[]; all?: string[]; none?: string[] },
    private readonly fields: number,
  ) {
    const ids = (words: string[] | undefined) =>
      words ? Int32Array.from(new Set(words.map((w) => table.intern(w)))) : null;
    this.any = ids(lists.any);
    this.all = ids(lists.all);
    this.none = ids(lists.none);
    const where = ` in ${fieldNames(fields)}`;
    const parts: string[] = [];
    if (lists.any) parts.push(`any of ${quote(lists.any)}`);
    if (lists.all) parts.push(`all of ${quote(lists.all)}`);
    if (lists.none) parts.push(`none of ${quote(lists.none)}`);
    this.description = `${parts.join(', ')}${where}`;
    this.listed = Int32Array.from([...(this.all ?? []), ...(this.any ?? [])]);
    // The spellings of this node's own keywords are settled once it has interned them.
    this.noneLine = this.none
      ? `none of ${quote([...this.none].map((id) => table.spelling(id)))} in ${fieldNames(fields)}`
      : null;
    // One keyword of `all` is enough of an anchor; the longest is the likeliest to be rare.
    if (this.all) {
      let best = this.all[0];
      for (const id of this.all) if (table.spelling(id).length > table.spelling(best).length) best = id;
      this.anchors = [best];
    } else {
      this.anchors = this.any ? [...this.any] : null;
    }
  }

  test(s: EvaluationState): boolean {
    const hits = s.keywords.fieldHits;
    const fields = this.fields;
    const all = this.all;
    if (all) for (let i = 0; i < all.length; i++) if ((hits[all[i]] & fields) === 0) return false;
    const none = this.none;
    if (none) for (let i = 0; i < none.length; i++) if ((hits[none[i]] & fields) !== 0) return false;
    const any = this.any;
    if (any) {
      for (let i = 0; i < any.length; i++) if ((hits[any[i]] & fields) !== 0) return true;
      return false;
    }
    return true;
  }

  explain(s: EvaluationState, because: string[]): void {
    const hits = s.keywords.fieldHits;
    const listed = this.listed;
    for (let i = 0; i < listed.length; i++) {
      const where = hits[listed[i]] & this.fields;
      if (where) because.push(this.line(i, where));
    }
    if (this.noneLine !== null) because.push(this.noneLine);
  }

  private line(i: number, where: number): string {
    return (this.lines[i * 8 + where] ??=
      `「${this.table.spelling(this.listed[i])}」 in ${fieldNames(where)}`);
  }
}

/** channel and appealType: one input value against a set. */
class SetNode implements ConditionNode {
  readonly description: string;
  readonly anchors = null;
  private readonly values: ReadonlySet<string>;

  constructor(
    private readonly name: string,
    values: readonly string[],
    private readonly read: (s: EvaluationState) => string,
  ) {
    this.values = new Set(values);
    this.description = `${name} in [${values.join(', ')}]`;
  }

  test(s: EvaluationState): boolean {
    return this.values.has(this.read(s));
  }

  explain(s: EvaluationState, because: string[]): void {
    because.push(`${this.name} ${this.read(s)}`);
  }
}

const LEVELS = ['county', 'town', 'village'] as const;

class JurisdictionNode implements ConditionNode {
  readonly description: string;
  readonly anchors = null;
  private readonly codes: ReadonlySet<string>;
  private readonly prefixes: readonly string[];

  constructor(spec: { codes?: string[]; prefixes?: string[] }) {
    this.codes = new Set(spec.codes ?? []);
    this.prefixes = spec.prefixes ?? [];
    const parts: string[] = [];
    if (spec.codes) parts.push(`codes [${spec.codes.join(', ')}]`);
    if (spec.prefixes) parts.push(`prefixes [${spec.prefixes.join(', ')}]`);
    this.description = `jurisdiction ${parts.join(' or ')}`;
  }

  test(s: EvaluationState): boolean {
    const codes = s.input.codes;
    return this.holds(codes.county) || this.holds(codes.town) || this.holds(codes.village);
  }

  explain(s: EvaluationState, because: string[]): void {
    for (const level of LEVELS) {
      const code = s.input.codes[level];
      if (code === undefined || !this.holds(code)) continue;
      const prefix = this.codes.has(code) ? undefined : this.prefixes.find((p) => code.startsWith(p));
      because.push(`${level} ${code}${prefix ? ` under ${prefix}` : ''}`);
    }
  }

  private holds(code: string | undefined): boolean {
    if (code === undefined) return false;
    if (this.codes.has(code)) return true;
    const prefixes = this.prefixes;
    for (let i = 0; i < prefixes.length; i++) if (code.startsWith(prefixes[i])) return true;
    return false;
  }
}

/** The channel's own labels; when both lists are given both must hold. */
class LabelNode implements ConditionNode {
  readonly description: string;
  readonly anchors = null;
  private readonly sourceType: ReadonlySet<string> | null;
  private readonly sourceDomain: ReadonlySet<string> | null;

  constructor(spec: { sourceType?: string[]; sourceDomain?: string[] }) {
    this.sourceType = spec.sourceType ? new Set(spec.sourceType) : null;
    this.sourceDomain = spec.sourceDomain ? new Set(spec.sourceDomain) : null;
    const parts: string[] = [];
    if (spec.sourceType) parts.push(`sourceType label in ${quote(spec.sourceType)}`);
    if (spec.sourceDomain) parts.push(`sourceDomain label in ${quote(spec.sourceDomain)}`);
    this.description = parts.join(' and ');
  }

  test(s: EvaluationState): boolean {
    const { sourceTypeLabel, sourceDomainLabel } = s.input;
    if (this.sourceType && (sourceTypeLabel === undefined || !this.sourceType.has(sourceTypeLabel)))
      return false;
    if (this.sourceDomain && (sourceDomainLabel === undefined || !this.sourceDomain.has(sourceDomainLabel))) {
      return false;
    }
    return true;
  }

  explain(s: EvaluationState, because: string[]): void {
    if (this.sourceType) because.push(`sourceType label 「${s.input.sourceTypeLabel ?? ''}」`);
    if (this.sourceDomain) because.push(`sourceDomain label 「${s.input.sourceDomainLabel ?? ''}」`);
  }
}

class RiskFlagsNode implements ConditionNode {
  readonly description: string;
  readonly anchors = null;
  private readonly any: ReadonlySet<string> | null;
  private readonly all: readonly string[] | null;

  constructor(spec: { any?: string[]; all?: string[] }) {
    this.any = spec.any ? new Set(spec.any) : null;
    this.all = spec.all ?? null;
    const parts: string[] = [];
    if (spec.any) parts.push(`any of [${spec.any.join(', ')}]`);
    if (spec.all) parts.push(`all of [${spec.all.join(', ')}]`);
    this.description = `riskFlags ${parts.join(' and ')}`;
  }

  test(s: EvaluationState): boolean {
    const flags = s.input.riskFlags;
    const all = this.all;
    if (all) for (let i = 0; i < all.length; i++) if (!flags.includes(all[i])) return false;
    const any = this.any;
    if (any) {
      for (let i = 0; i < flags.length; i++) if (any.has(flags[i])) return true;
      return false;
    }
    return true;
  }

  explain(s: EvaluationState, because: string[]): void {
    for (const flag of s.input.riskFlags) {
      if (this.any?.has(flag) || this.all?.includes(flag)) because.push(`riskFlag ${flag}`);
    }
  }
}

class TimeOfDayNode implements ConditionNode {
  readonly description: string;
  readonly anchors = null;

  constructor(
    private readonly from: number,
    private readonly to: number,
  ) {
    this.description = `received ${formatClockTime(from)}–${formatClockTime(to)} Asia/Shanghai`;
  }

  test(s: EvaluationState): boolean {
    const wall = s.wallMinutes();
    return !Number.isNaN(wall) && inClockWindow(minuteOfDay(wall), this.from, this.to);
  }

  explain(s: EvaluationState, because: string[]): void {
    because.push(
      `received ${formatClockTime(minuteOfDay(s.wallMinutes()))} Asia/Shanghai, within ${formatClockTime(this.from)}–${formatClockTime(this.to)}`,
    );
  }
}

class DayOfWeekNode implements ConditionNode {
  readonly description: string;
  readonly anchors = null;
  /** Bit d set for ISO weekday d. */
  private readonly days: number;

  constructor(days: readonly number[]) {
    let bits = 0;
    for (const d of days) bits |= 1 << d;
    this.days = bits;
    this.description = `received on ${days.map((d) => WEEKDAY_NAMES[d]).join('/')} Asia/Shanghai`;
  }

  test(s: EvaluationState): boolean {
    const wall = s.wallMinutes();
    return !Number.isNaN(wall) && (this.days & (1 << isoWeekday(wall))) !== 0;
  }

  explain(s: EvaluationState, because: string[]): void {
    const day = isoWeekday(s.wallMinutes());
    because.push(`received on ${WEEKDAY_NAMES[day]} (${day}) Asia/Shanghai`);
  }
}
