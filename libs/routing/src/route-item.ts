import { type WorkingCalendar } from './calendar';
import { type AppealItemV1, type Decision, type Grade, type TriageReason } from '@minsheng/shared/contracts';
import { type Gazetteer, type JurisdictionInput, type JurisdictionResult } from './gazetteer';
import { type CompiledRuleSet, type RuleAction, type RuleEvaluation } from './rules';
import { WORKING_DAYS_BY_GRADE } from './deadline/grade-policy';
import {
  CITY_CODE,
  CITY_NAME,
  type DepartmentInfo,
  TOWN_OFFICE,
  type UnitLevel,
  unitName,
} from './unit-naming';

export interface RoutingPolicy {
  /** Below this, a place guess is not trusted to dispatch on; the item goes to a person instead. */
  minConfidence: number;
  complexWorkingDays: number;
}

export const DEFAULT_POLICY: RoutingPolicy = { minConfidence: 0.5, complexWorkingDays: 15 };

export interface RoutingContext {
  gazetteer: Gazetteer;
  rules: CompiledRuleSet;
  /** Actions by rule id, to find the next competent department when one returns a ticket. */
  ruleActions: ReadonlyMap<string, RuleAction>;
  departments: ReadonlyMap<string, DepartmentInfo>;
  units: ReadonlyMap<string, string>;
  calendar: WorkingCalendar;
  policy: RoutingPolicy;
}

export interface RouteOptions {
  /** Departments that returned (退单) this ticket: never chosen again for it. */
  exclude?: readonly string[];
  /** 并单: the earlier appeal this one repeats, and its current decision. */
  duplicateOf?: { itemId: string; decision: Decision };
}

type Unit = NonNullable<Decision['lead']>;

function jurisdictionInput(item: AppealItemV1): JurisdictionInput {
  const hint = item.source.boardId
    ? { kind: 'board' as const, value: item.source.boardId }
    : item.targetHint?.mailboxOwner
      ? { kind: 'mailbox' as const, value: item.targetHint.mailboxOwner }
      : item.targetHint?.deptName
        ? { kind: 'dept' as const, value: item.targetHint.deptName }
        : undefined;
  return {
    text: [item.location.addressText, item.title, item.content].filter(Boolean).join(' '),
    adcode: item.location.adcode,
    hint: hint && { ...hint, channel: item.channel },
  };
}

function toJurisdiction(r: JurisdictionResult, trusted: boolean): Decision['jurisdiction'] {
  if (!trusted || !r.county) return { codes: {}, method: 'none', confidence: r.confidence };
  return {
    county: r.county.name,
    town: r.town?.name,
    village: r.village?.name,
    codes: { county: r.county.code, town: r.town?.code, village: r.village?.code },
    method: r.method,
    confidence: r.confidence,
  };
}

/** The first competent department not excluded, walking the matching rules in precedence order. */
function chooseLead(ev: RuleEvaluation, ctx: RoutingContext, exclude: ReadonlySet<string>) {
  if (ev.lead && !exclude.has(ev.lead.department))
    return { department: ev.lead.department, level: ev.lead.level, ruleId: ev.lead.ruleId };
  for (const m of ev.matches) {
    const lead = ctx.ruleActions.get(m.ruleId)?.lead;
    if (lead && !exclude.has(lead.department))
      return { department: lead.department, level: lead.level ?? 'auto', ruleId: m.ruleId };
  }
  return undefined;
}

/** 属地管理 picks the level: county unit by default, city when no county unit exists or the rule says city-wide. */
export function placeUnit(
  dept: DepartmentInfo,
  wanted: 'auto' | UnitLevel,
  j: Decision['jurisdiction'],
  ctx: RoutingContext,
  cityWide: boolean,
): Unit | undefined {
  const can = (l: UnitLevel) => dept.levels.includes(l);
  let level: UnitLevel;
  if (wanted !== 'auto' && can(wanted)) level = wanted;
  else if (cityWide || !j.codes.county) level = can('city') ? 'city' : can('county') ? 'county' : 'town';
  else level = can('county') ? 'county' : can('city') ? 'city' : 'town';
  const place =
    level === 'city'
      ? { code: CITY_CODE, name: CITY_NAME }
      : level === 'county'
        ? j.codes.county && j.county && { code: j.codes.county, name: j.county }
        : j.codes.town && j.town && { code: j.codes.town, name: j.town };
  if (!place) return undefined;
  return { department: dept.code, level, unitName: unitName(dept, place, ctx.units) };
}

/**
 * Without a trusted place, the city unit takes the ticket only when no place is needed: the rule says city-wide,
 * the department has no county units, or the citizen asks or suggests (policy questions). A complaint about a
 * place we could not find goes to a person, with the city unit as the suggestion; an ambiguous place always does.
 */
function cityLevelWithoutPlace(
  lead: Unit,
  dept: DepartmentInfo,
  item: AppealItemV1,
  ev: RuleEvaluation,
  place: JurisdictionResult,
): boolean {
  if (lead.level !== 'city' || place.ambiguous) return false;
  return (
    ev.cityWide ||
    !dept.levels.includes('county') ||
    item.appealType === 'consult' ||
    item.appealType === 'suggestion'
  );
}

/** The grade's working days after the day of receipt, on the working calendar, with the line that explains it. */
export function deadline(item: AppealItemV1, grade: Grade, ctx: RoutingContext) {
  const workingDays = grade === 'complex' ? ctx.policy.complexWorkingDays : WORKING_DAYS_BY_GRADE[grade];
  const due = ctx.calendar.dueDate(new Date(item.receivedAt), workingDays);
  const note = `deadline: ${workingDays} working days after the day of receipt (${grade})${
    due.calendarFallback
      ? `; no holiday calendar for ${due.fallbackYears.join(', ')}, Monday–Friday used`
      : ''
  }`;
  return { workingDays, dueAt: due.dueAt, calendarFallback: due.calendarFallback || undefined, note };
}

/**
 * One routing decision, pure. Jurisdiction (adcode → channel hint → aliases → gazetteer text), then the published
 * rules choose the competent department (谁主管谁负责) and territorial management the level (属地管理).
 * Anything missing goes to triage with the reason — nothing is dropped and nothing is guessed.
 */
export function routeItem(
  item: AppealItemV1,
  ctx: RoutingContext,
  now: Date,
  opts: RouteOptions = {},
): Decision {
  const exclude = new Set(opts.exclude ?? []);
  const place = ctx.gazetteer.resolve(jurisdictionInput(item));
  const trusted = !!place.county && place.confidence >= ctx.policy.minConfidence;
  const jurisdiction = toJurisdiction(place, trusted);
  const ev = ctx.rules.evaluate({
    title: item.title,
    content: item.content,
    address: item.location.addressText,
    channel: item.channel,
    appealType: item.appealType,
    codes: jurisdiction.codes,
    sourceTypeLabel: item.sourceTypeLabel,
    sourceDomainLabel: item.sourceDomainLabel,
    riskFlags: item.riskFlags,
    receivedAt: item.receivedAt,
  });
  const explanation = [
    ...place.evidence.map((e) => `jurisdiction: ${e}`),
    trusted
      ? `jurisdiction: ${[jurisdiction.county, jurisdiction.town, jurisdiction.village].filter(Boolean).join(' / ')} by ${jurisdiction.method} (confidence ${jurisdiction.confidence})`
      : `jurisdiction: not trusted (confidence ${place.confidence}${place.ambiguous ? `, ambiguous ${place.ambiguous.level}: ${place.ambiguous.candidates.join(', ')}` : ''})`,
    ...ev.explanation,
  ];
  if (exclude.size) explanation.push(`excluded after return (退单): ${[...exclude].join(', ')}`);
  const grade = ev.grade ?? 'general';
  const base = {
    jurisdiction,
    co: [] as Unit[],
    tags: ev.tags,
    returnedBy: [...exclude],
    grade,
    ruleSetVersion: ev.version,
    matchedRules: ev.matches.map((m) => m.ruleId),
    decidedAt: now.toISOString(),
  };
  const triage = (reason: TriageReason, note: string, lead?: Unit): Decision => ({
    ...base,
    lead,
    explanation: [...explanation, note],
    mode: 'triage',
    reason,
  });

  if (opts.duplicateOf && opts.duplicateOf.decision.mode === 'auto' && opts.duplicateOf.decision.lead) {
    const original = opts.duplicateOf.decision;
    const due = deadline(item, original.grade, ctx);
    return {
      ...base,
      jurisdiction: original.jurisdiction,
      lead: original.lead,
      co: original.co,
      grade: original.grade,
      needsConsultation: original.needsConsultation,
      duplicateOf: opts.duplicateOf.itemId,
      dueAt: due.dueAt,
      workingDays: due.workingDays,
      calendarFallback: due.calendarFallback,
      explanation: [
        ...explanation,
        `并单: repeats ${opts.duplicateOf.itemId}; routed to the same unit`,
        due.note,
      ],
      mode: 'auto',
    };
  }

  const chosen = chooseLead(ev, ctx, exclude);
  const dept = chosen && ctx.departments.get(chosen.department);
  if (!dept)
    return triage(
      'no_department',
      chosen
        ? `department ${chosen.department} is not in the catalogue`
        : 'department: no rule names a competent department',
    );
  let lead = placeUnit(dept, chosen.level, jurisdiction, ctx, ev.cityWide);
  const co: Unit[] = [];
  const townOffice = ctx.departments.get(TOWN_OFFICE);
  if (
    ev.territorial &&
    jurisdiction.codes.town &&
    townOffice &&
    !exclude.has(TOWN_OFFICE) &&
    dept.code !== TOWN_OFFICE
  ) {
    // A territorial matter goes to the town/street office; the competent department supports it.
    if (lead) co.push(lead);
    lead = placeUnit(townOffice, 'town', jurisdiction, ctx, false);
    explanation.push(`territorial: the ${jurisdiction.town} office leads, ${dept.name} supports`);
  }
  for (const c of ev.co) {
    const d = ctx.departments.get(c.department);
    const unit =
      d && !exclude.has(d.code) ? placeUnit(d, c.level, jurisdiction, ctx, ev.cityWide) : undefined;
    if (unit && unit.department !== lead?.department && !co.some((u) => u.department === unit.department))
      co.push(unit);
  }
  if (!lead)
    return triage(
      'no_jurisdiction',
      `unit: ${dept.name} needs a ${chosen.level === 'town' ? 'town' : 'county'} that was not found`,
    );
  if (!trusted && !cityLevelWithoutPlace(lead, dept, item, ev, place)) {
    return triage(
      place.ambiguous ? 'ambiguous_jurisdiction' : 'no_jurisdiction',
      `suggested: ${lead.unitName}`,
      lead,
    );
  }
  const due = deadline(item, grade, ctx);
  return {
    ...base,
    lead,
    co,
    needsConsultation: grade === 'complex' ? true : undefined,
    dueAt: due.dueAt,
    workingDays: due.workingDays,
    calendarFallback: due.calendarFallback,
    explanation: [...explanation, `unit: ${lead.unitName} (${lead.level})`, due.note],
    mode: 'auto',
  };
}
