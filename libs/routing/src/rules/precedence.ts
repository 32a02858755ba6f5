import type { Grade } from '@minsheng/shared/contracts/routed-ticket.v1';
import type { ChosenUnit, RuleEvaluation, RuleMatch } from './rule-evaluation';
import type { Rule, UnitRef } from './rule-set.schema';

/** A unit of a rule's action, with its explanation line written once at compile time. */
interface RankedUnit {
  unit: ChosenUnit;
  /** "housing-construction (auto)" */
  text: string;
}

/** A rule's identity and action, normalised and with its explanation lines prepared at compile time. */
export interface RankedRule {
  id: string;
  name: string;
  priority: number;
  lead?: RankedUnit;
  co: readonly RankedUnit[];
  grade?: Grade;
  territorial: boolean;
  cityWide: boolean;
  tags: readonly string[];
  stop: boolean;
  lines: { matched: string; lead: string; grade: string; stopped: string };
}

/*
 * Precedence (ADR 002, extended for the versioned engine). Rules are considered in order of (priority asc,
 * id asc) — a total order, so the same input always gives the same decision. Every matching rule is listed.
 *  - lead: from the first matching rule that has a lead (the "lead rule");
 *  - grade: from the first matching rule that sets one;
 *  - co: the union, in rule order, of the `co` of every matching rule, plus the leads of later matching rules
 *    whose department differs from the lead's — those only when the lead rule's own action has grade
 *    'complex' (a complex matter is handled jointly); otherwise they are only named as "also matched";
 *    the lead's department is never also a co-department, and each department appears once;
 *  - tags: the union, in rule order;
 *  - territorial / cityWide: from the lead rule;
 *  - a matching rule with stop: true ends evaluation; later rules are not considered.
 */
export const PRECEDENCE_EXPLANATION =
  'precedence: rules are considered by priority (lower first), then id; lead from the first matching rule with a ' +
  'lead; grade from the first that sets one; co-departments are the co of every matching rule, plus the leads of ' +
  "later matching rules when the lead rule's grade is complex; tags are the union; territorial and cityWide " +
  'follow the lead rule; a matching rule with stop ends evaluation';

export function rankRule(rule: Rule): RankedRule {
  const { then } = rule;
  const ranked = (u: UnitRef): RankedUnit => {
    const unit: ChosenUnit = { department: u.department, level: u.level ?? 'auto', ruleId: rule.id };
    return { unit, text: `${unit.department} (${unit.level})` };
  };
  const lead = then.lead ? ranked(then.lead) : undefined;
  const territorial = then.territorial ?? false;
  const cityWide = then.cityWide ?? false;
  const scope = territorial ? ', territorial' : cityWide ? ', city-wide' : '';
  return {
    id: rule.id,
    name: rule.name,
    priority: rule.priority,
    ...(lead ? { lead } : {}),
    co: (then.co ?? []).map(ranked),
    ...(then.grade ? { grade: then.grade } : {}),
    territorial,
    cityWide,
    tags: [...new Set(then.tags ?? [])],
    stop: then.stop ?? false,
    lines: {
      matched: `matched: rule ${rule.id} 「${rule.name}」 (priority ${rule.priority}): `,
      lead: lead ? `lead: ${lead.text} from rule ${rule.id}${scope}` : '',
      grade: then.grade ? `grade: ${then.grade} from rule ${rule.id}` : '',
      stopped: `stopped: rule ${rule.id} has stop, so later rules were not considered`,
    },
  };
}

/**
 * Combines the matching rules, already in precedence order, into one decision and its explanation. `matches`
 * holds what each of `matched` matched on, and becomes part of the decision.
 */
export function combineMatches(
  version: number,
  matched: readonly RankedRule[],
  matches: RuleMatch[],
  stoppedBy: RankedRule | undefined,
): RuleEvaluation {
  const explanation: string[] = [];
  let leadRule: RankedRule | undefined;
  let gradeRule: RankedRule | undefined;
  for (let i = 0; i < matched.length; i++) {
    const rule = matched[i];
    const because = matches[i].because;
    explanation.push(rule.lines.matched + (because.length === 1 ? because[0] : because.join('; ')));
    if (!leadRule && rule.lead) leadRule = rule;
    if (!gradeRule && rule.grade) gradeRule = rule;
  }
  if (stoppedBy) explanation.push(stoppedBy.lines.stopped);
  if (matched.length === 0) explanation.push('no rule matched');

  const lead = leadRule?.lead;
  if (leadRule) explanation.push(leadRule.lines.lead);
  if (gradeRule) explanation.push(gradeRule.lines.grade);

  const co: ChosenUnit[] = [];
  const leadDepartment = lead?.unit.department;
  const complex = leadRule?.grade === 'complex';
  let afterLead = false;
  const tags: string[] = [];
  for (let i = 0; i < matched.length; i++) {
    const rule = matched[i];
    if (rule === leadRule) afterLead = true;
    else if (afterLead && lead && rule.lead && rule.lead.unit.department !== leadDepartment) {
      if (complex) addCo(co, explanation, leadDepartment, rule.lead);
      else {
        explanation.push(
          `also matched: rule ${rule.id} → ${rule.lead.text}; not a co-department because lead rule ${leadRule?.id} is not complex`,
        );
      }
    }
    for (let u = 0; u < rule.co.length; u++) addCo(co, explanation, leadDepartment, rule.co[u]);
    for (let t = 0; t < rule.tags.length; t++) if (!tags.includes(rule.tags[t])) tags.push(rule.tags[t]);
  }
  if (tags.length > 0) explanation.push(`tags: ${tags.join(', ')}`);
  explanation.push(PRECEDENCE_EXPLANATION);

  // Built in this key order, which is the order of the evaluation as JSON, with absent keys left out.
  const result: Partial<RuleEvaluation> = { version, matches };
  if (lead) result.lead = copyUnit(lead.unit);
  result.co = co;
  if (gradeRule?.grade) result.grade = gradeRule.grade;
  result.territorial = leadRule?.territorial ?? false;
  result.cityWide = leadRule?.cityWide ?? false;
  result.tags = tags;
  if (stoppedBy) result.stoppedBy = stoppedBy.id;
  result.explanation = explanation;
  return result as RuleEvaluation;
}

/** The lead's department is never also a co-department, and each department is a co-department once. */
function addCo(
  co: ChosenUnit[],
  explanation: string[],
  leadDepartment: string | undefined,
  { unit, text }: RankedUnit,
): void {
  if (unit.department === leadDepartment) return;
  for (let i = 0; i < co.length; i++) if (co[i].department === unit.department) return;
  co.push(copyUnit(unit));
  explanation.push(`co: ${text} from rule ${unit.ruleId}`);
}

/** A copy, so that whoever holds the evaluation cannot change the compiled rule. */
const copyUnit = (unit: ChosenUnit): ChosenUnit => ({
  department: unit.department,
  level: unit.level,
  ruleId: unit.ruleId,
});
