import type { Condition, Rule, RuleInput } from '../../libs/routing/src/rules';
import { Engine, type NestedCondition, type TopLevelCondition } from 'json-rules-engine';

/** Facts as json-rules-engine sees an appeal: title and content as one text (a newline keeps keywords apart). */
export interface AppealFacts {
  text: string;
  channel: string;
  appealType: string;
}

export function toFacts(input: RuleInput): AppealFacts {
  const text = input.title ? `${input.title}\n${input.content}` : input.content;
  return { text: text.toLowerCase(), channel: input.channel, appealType: input.appealType };
}

const containsAny = (keywords: string[]): NestedCondition => ({
  fact: 'text',
  operator: 'containsAny',
  value: keywords.map((k) => k.toLowerCase()),
});

/** The same condition in json-rules-engine terms; only the kinds the bench's rule sets use. */
function convert(condition: Condition): NestedCondition {
  if ('all' in condition) return { all: condition.all.map(convert) };
  if ('any' in condition) return { any: condition.any.map(convert) };
  if ('not' in condition) return { not: convert(condition.not) };
  if ('keywords' in condition) {
    if (condition.in && condition.in.some((f) => f === 'address'))
      throw new Error('address is not a fact here');
    const { any, all, none } = condition.keywords;
    const parts: NestedCondition[] = [];
    if (all) for (const k of all) parts.push(containsAny([k]));
    if (none) parts.push({ not: containsAny(none) });
    if (any) parts.push(containsAny(any));
    return parts.length === 1 ? parts[0] : { all: parts };
  }
  if ('channel' in condition) return { fact: 'channel', operator: 'in', value: condition.channel };
  if ('appealType' in condition) return { fact: 'appealType', operator: 'in', value: condition.appealType };
  throw new Error(`condition ${Object.keys(condition).join(',')} is not used in the comparison`);
}

function topLevel(condition: Condition): TopLevelCondition {
  const converted = convert(condition);
  return 'all' in converted || 'any' in converted || 'not' in converted ? converted : { all: [converted] };
}

/** One json-rules-engine rule per rule, whose event type is the rule id. */
export function buildJsonRulesEngine(rules: readonly Rule[]): Engine {
  const engine = new Engine([], { allowUndefinedFacts: false });
  engine.addOperator<string, string[]>('containsAny', (text, keywords) =>
    keywords.some((k) => text.includes(k)),
  );
  for (const rule of rules) {
    if (!rule.enabled) continue;
    engine.addRule({ name: rule.id, conditions: topLevel(rule.when), event: { type: rule.id } });
  }
  return engine;
}
