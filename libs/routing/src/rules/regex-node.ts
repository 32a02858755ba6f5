import type { RE2JS } from 're2js';
import type { CompileUsage, ConditionNode } from './condition-nodes';
import type { EvaluationState } from './evaluation-state';
import { FIELD_BIT, type KeywordTable } from './keyword-scanner';
import { compileRuleRegex } from './regex-limits';
import { regexRequirement, requirementAnchors, satisfied, type Requirement } from './regex-prefilter';
import type { TextField } from './rule-set.schema';

/** Index of a text field (its FIELD_BIT is 1 << index), for per-field results. */
const FIELD_INDEX: Readonly<Record<TextField, number>> = { title: 0, content: 1, address: 2 };

/**
 * A pattern's RE2 program, compiled once per rule set, with its results for the current evaluation: rules that
 * share a pattern, and a matched rule explaining what it has just tested, run RE2 once per field.
 */
export class RegexProbe {
  readonly anchors: readonly number[] | null;
  /** Evaluation epoch at which tested[f] / found[f] were worked out. */
  private readonly testedAt = new Float64Array(3).fill(-1);
  private readonly tested = [false, false, false];
  private readonly foundAt = new Float64Array(3).fill(-1);
  private readonly found: (string | null)[] = [null, null, null];

  constructor(
    private readonly regex: RE2JS,
    /** Checked against the keyword pass first, so RE2 runs only on texts holding the literals it needs. */
    private readonly required: Requirement | null,
    table: KeywordTable,
  ) {
    this.anchors = required === null ? null : requirementAnchors(required, table);
  }

  /** Whether the pattern matches `text`, the field's text. */
  test(s: EvaluationState, field: number, text: string): boolean {
    if (this.testedAt[field] !== s.epoch) {
      this.testedAt[field] = s.epoch;
      this.tested[field] = this.mayMatch(s, field) && this.regex.test(text);
    }
    return this.tested[field];
  }

  /** The leftmost-first match in `text`, the field's text, or null. */
  find(s: EvaluationState, field: number, text: string): string | null {
    if (this.foundAt[field] !== s.epoch) {
      this.foundAt[field] = s.epoch;
      let match: string | null = null;
      if (this.mayMatch(s, field)) {
        const matcher = this.regex.matcher(text);
        if (matcher.find()) match = matcher.group() ?? '';
      }
      this.found[field] = match;
    }
    return this.found[field];
  }

  private mayMatch(s: EvaluationState, field: number): boolean {
    return this.required === null || satisfied(this.required, s.keywords.fieldHits, 1 << field);
  }
}

/** A regex condition; patterns are compiled once per rule set (usage.probes), however many rules use them. */
export function compileRegexCondition(
  pattern: string,
  fields: readonly TextField[],
  table: KeywordTable,
  usage: CompileUsage,
): ConditionNode {
  let probe = usage.probes.get(pattern);
  if (!probe) {
    const compiled = compileRuleRegex(pattern);
    if (!compiled.ok) throw new Error(`regex ${pattern}: ${compiled.message}`);
    probe = new RegexProbe(compiled.regex, regexRequirement(compiled.regex, table), table);
    usage.probes.set(pattern, probe);
  }
  usage.regexes++;
  // The keyword pass must cover the fields the requirement is checked in.
  if (probe.anchors !== null) for (const f of fields) usage.keywordFields |= FIELD_BIT[f];
  return new RegexNode(probe, pattern, fields);
}

class RegexNode implements ConditionNode {
  readonly description: string;
  readonly anchors: readonly number[] | null;
  private readonly indexes: readonly number[];

  constructor(
    private readonly probe: RegexProbe,
    private readonly pattern: string,
    private readonly fields: readonly TextField[],
  ) {
    this.description = `/${pattern}/ in ${fields.join('+')}`;
    this.anchors = probe.anchors;
    this.indexes = fields.map((f) => FIELD_INDEX[f]);
  }

  test(s: EvaluationState): boolean {
    const fields = this.fields;
    for (let i = 0; i < fields.length; i++) {
      const text = s.input[fields[i]];
      if (text && this.probe.test(s, this.indexes[i], text)) return true;
    }
    return false;
  }

  explain(s: EvaluationState, because: string[]): void {
    this.fields.forEach((field, i) => {
      const text = s.input[field];
      const match = text ? this.probe.find(s, this.indexes[i], text) : null;
      if (match !== null) because.push(`/${this.pattern}/ matched 「${match}」 in ${field}`);
    });
  }
}
