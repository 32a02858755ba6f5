import { compileCondition, type CompileUsage, type ConditionNode } from './condition-nodes';
import { EvaluationState } from './evaluation-state';
import { KeywordTable } from './keyword-scanner';
import { combineMatches, rankRule, type RankedRule } from './precedence';
import type { RuleEvaluation, RuleInput, RuleMatch } from './rule-evaluation';
import type { Rule, RuleSetDocument } from './rule-set.schema';
import { checkRuleSet, RuleSetValidationError } from './validate-rule-set';

interface CompiledRule extends RankedRule {
  when: ConditionNode;
}

export interface RuleSetStats {
  /** Enabled rules (disabled ones are left out when compiling). */
  rules: number;
  disabled: number;
  /** Rules evaluated only when one of their anchor keywords occurs. */
  anchored: number;
  /** Rules whose condition requires no keyword: evaluated for every input. */
  alwaysEvaluated: number;
  keywords: number;
  regexes: number;
  /** evaluate() calls so far. */
  evaluations: number;
  /** Rule conditions tested so far, over all evaluations: candidates, not all rules. */
  conditionsTested: number;
}

/** What routing needs of a rule-set version; CompiledRuleSet is the implementation (a stub can stand in for it). */
export interface RuleEvaluator {
  readonly version: number;
  evaluate(input: RuleInput): RuleEvaluation;
}

/**
 * Compiles a validated rule-set document into an evaluator. Throws RuleSetValidationError when the document is
 * not valid (the department catalogue is not checked here: call validateRuleSet first).
 */
export function compileRuleSet(doc: RuleSetDocument, version: number): CompiledRuleSet {
  if (!Number.isSafeInteger(version) || version < 0) {
    throw new RangeError(`rule-set version must be a non-negative integer, got ${version}`);
  }
  const checked = checkRuleSet(doc, undefined);
  if (!checked.ok) throw new RuleSetValidationError(checked.errors);
  return new CompiledRuleSet(checked.ruleSet, version);
}

/**
 * One published rule-set version, ready to evaluate.
 *
 * Cost of an evaluation: one Aho-Corasick pass over each text field with the keywords of all rules, then only
 * the candidate rules are tested — those with an anchor keyword that occurred, plus the (few) rules that
 * need no keyword. Neither step grows with the number of rules that do not concern the item.
 */
export class CompiledRuleSet implements RuleEvaluator {
  readonly version: number;
  /** In precedence order: (priority asc, id asc). */
  private readonly rules: readonly CompiledRule[];
  /** Keyword id → positions (ascending) of the rules it anchors. */
  private readonly anchoredBy: readonly (Int32Array | undefined)[];
  /** Positions (ascending) of rules without anchors. */
  private readonly always: Int32Array;
  private readonly state: EvaluationState;
  private readonly seen: Uint32Array;
  private readonly candidates: Int32Array;
  private epoch = 0;
  /** The rules the current evaluation matched: reused, as evaluations never overlap. */
  private readonly matched: CompiledRule[] = [];
  private readonly counts: { disabled: number; keywords: number; regexes: number };
  private evaluations = 0;
  private conditionsTested = 0;

  /** Use compileRuleSet, which checks the document first. */
  constructor(doc: RuleSetDocument, version: number) {
    this.version = version;
    const table = new KeywordTable();
    const usage: CompileUsage = { keywordFields: 0, regexes: 0, probes: new Map() };
    const enabled = doc.rules.filter((r) => r.enabled);
    this.rules = [...enabled].sort(byPrecedence).map((rule) => compileRule(rule, table, usage));

    const anchored: number[][] = [];
    const always: number[] = [];
    this.rules.forEach((rule, position) => {
      const anchors = rule.when.anchors;
      if (anchors === null) always.push(position);
      else for (const k of anchors) (anchored[k] ??= []).push(position);
    });
    this.anchoredBy = Array.from({ length: table.size }, (_, k) =>
      anchored[k] ? Int32Array.from(anchored[k]) : undefined,
    );
    this.always = Int32Array.from(always);
    this.state = new EvaluationState(table.scanner(usage.keywordFields));
    this.seen = new Uint32Array(this.rules.length);
    this.candidates = new Int32Array(this.rules.length);
    this.counts = {
      disabled: doc.rules.length - enabled.length,
      keywords: table.keywords,
      regexes: usage.regexes,
    };
  }

  evaluate(input: RuleInput): RuleEvaluation {
    this.evaluations++;
    const state = this.state;
    state.reset(input);
    const n = this.collectCandidates();

    const matched = this.matched;
    matched.length = 0;
    const matches: RuleMatch[] = [];
    let stoppedBy: CompiledRule | undefined;
    const candidates = this.candidates;
    const always = this.always;
    // Merge the two ascending position lists, so rules are tested in precedence order.
    for (let i = 0, j = 0; i < n || j < always.length;) {
      const position =
        j >= always.length || (i < n && candidates[i] < always[j]) ? candidates[i++] : always[j++];
      const rule = this.rules[position];
      this.conditionsTested++;
      if (!rule.when.test(state)) continue;
      const because: string[] = [];
      rule.when.explain(state, because);
      matched.push(rule);
      matches.push({ ruleId: rule.id, name: rule.name, priority: rule.priority, because });
      if (rule.stop) {
        stoppedBy = rule;
        break;
      }
    }
    return combineMatches(this.version, matched, matches, stoppedBy);
  }

  stats(): RuleSetStats {
    return {
      rules: this.rules.length,
      disabled: this.counts.disabled,
      anchored: this.rules.length - this.always.length,
      alwaysEvaluated: this.always.length,
      keywords: this.counts.keywords,
      regexes: this.counts.regexes,
      evaluations: this.evaluations,
      conditionsTested: this.conditionsTested,
    };
  }

  /** Fills candidates[0..n) with the positions of anchored rules whose anchor occurred, ascending. */
  private collectCandidates(): number {
    if (++this.epoch === 0xffffffff) {
      this.seen.fill(0);
      this.epoch = 1;
    }
    const epoch = this.epoch;
    const { hits, hitCount } = this.state.keywords;
    const seen = this.seen;
    const candidates = this.candidates;
    let n = 0;
    for (let h = 0; h < hitCount; h++) {
      const positions = this.anchoredBy[hits[h]];
      if (!positions) continue;
      for (let i = 0; i < positions.length; i++) {
        const p = positions[i];
        if (seen[p] !== epoch) {
          seen[p] = epoch;
          candidates[n++] = p;
        }
      }
    }
    sortPrefix(candidates, n);
    return n;
  }
}

function byPrecedence(a: Rule, b: Rule): number {
  return a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function compileRule(rule: Rule, table: KeywordTable, usage: CompileUsage): CompiledRule {
  return { ...rankRule(rule), when: compileCondition(rule.when, table, usage) };
}

/** Sorts a[0..n) ascending: insertion sort for the usual handful of candidates, the typed-array sort beyond. */
function sortPrefix(a: Int32Array, n: number): void {
  if (n > 32) {
    a.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}
