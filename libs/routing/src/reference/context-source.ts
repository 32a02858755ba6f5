import { WorkingCalendar, type CalendarDay } from '../calendar';
import { Gazetteer, type AliasEntry, type Division, type HintEntry } from '../gazetteer';
import { compileRuleSet, type RuleAction, type RuleSetDocument } from '../rules';
import { type DepartmentInfo } from '../unit-naming';
import { type RoutingContext, type RoutingPolicy } from '../routing-context';

/**
 * The rows a routing context is built from, as plain data: what a worker thread receives to build the same
 * context as the thread that loaded them (a Gazetteer or a compiled rule set cannot be posted to it).
 */
export interface RoutingContextSource {
  divisions: Division[];
  aliases: AliasEntry[];
  hints: HintEntry[];
  departments: DepartmentInfo[];
  /** `${department}@${division}` → unit name. */
  units: [string, string][];
  calendar: { days: CalendarDay[]; years: number[] };
  policy: RoutingPolicy;
  /** A checked document: buildRoutingContext compiles it without the department check. */
  ruleSet: { document: RuleSetDocument; version: number };
}

export interface PublishedRules {
  rules: RoutingContext['rules'];
  ruleActions: RoutingContext['ruleActions'];
}

export function rulesOf(doc: RuleSetDocument, version: number): PublishedRules {
  return {
    rules: compileRuleSet(doc, version),
    ruleActions: new Map<string, RuleAction>(doc.rules.map((r) => [r.id, r.then])),
  };
}

export function buildRoutingContext(source: RoutingContextSource): RoutingContext {
  return {
    gazetteer: Gazetteer.fromDivisions(source.divisions, { aliases: source.aliases, hints: source.hints }),
    departments: new Map(source.departments.map((d) => [d.code, d])),
    units: new Map(source.units),
    calendar: new WorkingCalendar(source.calendar.days, source.calendar.years),
    policy: source.policy,
    ...rulesOf(source.ruleSet.document, source.ruleSet.version),
  };
}
