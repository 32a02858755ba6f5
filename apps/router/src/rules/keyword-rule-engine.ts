import { type Grade } from '@minsheng/shared/contracts';
import { AhoCorasick } from '@minsheng/shared/text';

export interface KeywordRule {
  id: string;
  name: string;
  keywords: string[];
  departmentCode: string;
  priority: number;
  grade: Grade;
}

export interface RuleMatch {
  rule: KeywordRule;
  hits: string[];
}

export interface RuleOutcome {
  winner?: RuleMatch;
  matches: RuleMatch[];
  explanation: string[];
}

/**
 * Keyword rules compiled into one Aho-Corasick automaton: an item's text is scanned once, whatever the number
 * of rules. Precedence, documented in docs/decisions/rule-precedence.md: lowest priority number, then more
 * distinct keywords hit, then the longest keyword hit, then rule id — total and deterministic.
 */
export class KeywordRuleEngine {
  private readonly automaton: AhoCorasick<number[]>;

  constructor(
    readonly version: number,
    private readonly rules: readonly KeywordRule[],
  ) {
    const byKeyword = new Map<string, number[]>();
    rules.forEach((rule, index) => {
      for (const k of new Set(rule.keywords.map((w) => w.trim()).filter(Boolean))) {
        byKeyword.set(k, [...(byKeyword.get(k) ?? []), index]);
      }
    });
    this.automaton = new AhoCorasick(byKeyword);
  }

  evaluate(text: string): RuleOutcome {
    const hitsByRule = new Map<number, Set<string>>();
    for (const hit of this.automaton.findAll(text)) {
      for (const index of hit.value) {
        const set = hitsByRule.get(index) ?? new Set<string>();
        set.add(hit.pattern);
        hitsByRule.set(index, set);
      }
    }
    const matches = [...hitsByRule]
      .map(([index, hits]) => ({ rule: this.rules[index], hits: [...hits] }))
      .sort(compareMatches);
    const winner = matches[0];
    const explanation = matches.map(
      (m, i) =>
        `${i === 0 ? 'won' : 'matched'}: rule ${m.rule.id} (${m.rule.name}, priority ${m.rule.priority}) on ${m.hits.map((h) => `「${h}」`).join('')} → ${m.rule.departmentCode}`,
    );
    if (matches.length > 1) {
      explanation.push(`precedence: lowest priority, then most keywords, then longest keyword, then rule id`);
    }
    return { winner, matches, explanation };
  }
}

function longest(hits: string[]): number {
  return Math.max(...hits.map((h) => h.length));
}

function compareMatches(a: RuleMatch, b: RuleMatch): number {
  return (
    a.rule.priority - b.rule.priority ||
    b.hits.length - a.hits.length ||
    longest(b.hits) - longest(a.hits) ||
    (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0)
  );
}
