import { type AppealItemV1, type Decision } from '@minsheng/shared/contracts';
import { type WorkingCalendar } from '@minsheng/shared/calendar';
import { type Gazetteer } from '@minsheng/shared/gazetteer';
import { WORKING_DAYS_BY_GRADE } from '../deadline/grade-policy';
import { type KeywordRuleEngine } from '../rules/keyword-rule-engine';
import { type DepartmentInfo, unitName } from './unit-naming';

export interface RoutingContext {
  gazetteer: Gazetteer;
  rules: KeywordRuleEngine;
  departments: ReadonlyMap<string, DepartmentInfo>;
  calendar: WorkingCalendar;
}

/** Below this, a place guess is not trusted to dispatch on; the item goes to a person instead. */
const MIN_JURISDICTION_CONFIDENCE = 0.5;

function resolveJurisdiction(item: AppealItemV1, ctx: RoutingContext): Decision['jurisdiction'] {
  const text = [item.location.addressText, item.title, item.content].filter(Boolean).join(' ');
  const match = ctx.gazetteer.resolveCounty(text);
  if (!match || match.confidence < MIN_JURISDICTION_CONFIDENCE) {
    return { codes: {}, method: 'none', confidence: match?.confidence ?? 0 };
  }
  return {
    county: match.countyName,
    town: match.townName,
    codes: { county: match.countyCode, town: match.townCode },
    method: match.method,
    confidence: match.confidence,
  };
}

/**
 * One routing decision, pure: 属地管理 picks the place from the text, 谁主管谁负责 picks the department from the
 * published rules; the level follows the place (county unit by default, city when the department has no county unit).
 * Anything missing goes to triage with the reason — nothing is dropped and nothing is guessed.
 */
export function routeItem(item: AppealItemV1, ctx: RoutingContext, now: Date): Decision {
  const jurisdiction = resolveJurisdiction(item, ctx);
  const outcome = ctx.rules.evaluate([item.title, item.content].filter(Boolean).join('\n'));
  const explanation = [
    jurisdiction.codes.county
      ? `jurisdiction: ${jurisdiction.county}${jurisdiction.town ? ` / ${jurisdiction.town}` : ''} by ${jurisdiction.method} (confidence ${jurisdiction.confidence})`
      : 'jurisdiction: no place in the gazetteer matched',
    ...outcome.explanation,
  ];
  const grade = outcome.winner?.rule.grade ?? 'general';
  const base = {
    jurisdiction,
    co: [],
    tags: [],
    returnedBy: [],
    grade,
    ruleSetVersion: ctx.rules.version,
    matchedRules: outcome.matches.map((m) => m.rule.id),
    decidedAt: now.toISOString(),
  };
  const dept = outcome.winner ? ctx.departments.get(outcome.winner.rule.departmentCode) : undefined;
  if (!jurisdiction.codes.county || !jurisdiction.county) {
    return { ...base, explanation, mode: 'triage', reason: 'no_jurisdiction' };
  }
  if (!dept) {
    return {
      ...base,
      explanation: [...explanation, 'department: no rule matched'],
      mode: 'triage',
      reason: 'no_department',
    };
  }
  const level = dept.levels.includes('county') ? 'county' : 'city';
  const workingDays = WORKING_DAYS_BY_GRADE[grade];
  const due = ctx.calendar.dueDate(new Date(item.receivedAt), workingDays);
  return {
    ...base,
    lead: { department: dept.code, level, unitName: unitName(dept, level, jurisdiction.county) },
    dueAt: due.dueAt,
    workingDays,
    calendarFallback: due.calendarFallback || undefined,
    explanation: [
      ...explanation,
      `deadline: ${workingDays} working days after the day of receipt (${grade})${due.calendarFallback ? `; no calendar for ${due.fallbackYears.join(', ')}, Monday–Friday used` : ''}`,
    ],
    mode: 'auto',
  };
}
