import { type Assignment, type Decision, type RoutedTicketV1 } from '@minsheng/shared/contracts';
import { type RoutingContext, type Unit } from './routing-context';
import { deadline } from './stages/deadline';
import { placeUnit } from './stages/unit';

/** A manual dispatch that cannot be applied as given (the catalogue or the divisions changed since it was checked). */
export class ManualDecisionError extends Error {}

export interface ManualDispatch {
  assignment: Assignment;
  actor: string;
  note: string;
}

function division(ctx: RoutingContext, code: string | undefined, level: 'county' | 'town' | 'village') {
  if (!code) return undefined;
  const d = ctx.gazetteer.division(code);
  if (!d || d.level !== level) throw new ManualDecisionError(`${level} ${code} is not a known ${level}`);
  return d;
}

/**
 * 人工派单: the decision a city-platform dispatcher made for a ticket in triage, built like any other decision —
 * units named by the unit naming (with the admins' overrides), the level by 属地管理 (county unit by default, the
 * town office at its town), the deadline from the grade on the working calendar, counted from the day of receipt.
 * Pure; throws ManualDecisionError when the assignment names what does not exist or a unit that cannot be placed.
 */
export function manualDecision(
  current: RoutedTicketV1,
  dispatch: ManualDispatch,
  ctx: RoutingContext,
  now: Date,
): Decision {
  const a = dispatch.assignment;
  const county = division(ctx, a.county, 'county')!;
  const town = division(ctx, a.town, 'town');
  const village = division(ctx, a.village, 'village');
  if (town && town.parentCode !== county.code)
    throw new ManualDecisionError(`town ${town.code} is not in county ${county.code}`);
  if (village && village.parentCode !== town?.code)
    throw new ManualDecisionError(`village ${village.code} is not in town ${town?.code ?? '(none)'}`);
  const jurisdiction: Decision['jurisdiction'] = {
    county: county.name,
    town: town?.name,
    village: village?.name,
    codes: { county: county.code, town: town?.code, village: village?.code },
    method: 'manual',
    confidence: 1,
  };
  const place = (code: string, role: string): Unit => {
    const dept = ctx.departments.get(code);
    if (!dept) throw new ManualDecisionError(`${role} department ${code} is not in the catalogue`);
    const unit = placeUnit(dept, 'auto', jurisdiction, ctx, false);
    if (!unit) throw new ManualDecisionError(`${role} department ${code} needs a town to name its unit`);
    return unit;
  };
  const lead = place(a.lead, 'lead');
  const co: Unit[] = [];
  for (const code of a.co) {
    if (code === lead.department || co.some((u) => u.department === code)) continue;
    co.push(place(code, 'co'));
  }
  const due = deadline(current.item, a.grade, ctx);
  const previous = current.decision;
  const returnedBy = previous.returnedBy ?? [];
  const explanation = [
    // Not the dispatcher's key: the ticket goes to consumers, Kafka and webhooks; who dispatched is in the feedback
    // events, shown to admins (visibleActor).
    `manual dispatch (人工派单) by the city platform: ${dispatch.note}`,
    `previous decision ${current.decisionRevision}: ${previous.mode}${previous.reason ? ` (${previous.reason})` : ''}`,
    `jurisdiction: ${[county.name, town?.name, village?.name].filter(Boolean).join(' / ')} by manual`,
    `unit: ${lead.unitName} (${lead.level})`,
    ...(co.length ? [`co: ${co.map((u) => u.unitName).join(', ')}`] : []),
    ...(returnedBy.includes(lead.department) ? [`note: ${lead.department} had returned this ticket`] : []),
    due.note,
  ];
  return {
    jurisdiction,
    lead,
    co,
    grade: a.grade,
    dueAt: due.dueAt,
    workingDays: due.workingDays,
    calendarFallback: due.calendarFallback,
    needsConsultation: a.grade === 'complex' ? true : undefined,
    tags: previous.tags ?? [],
    returnedBy,
    ruleSetVersion: ctx.rules.version,
    matchedRules: [],
    explanation,
    mode: 'auto',
    decidedAt: now.toISOString(),
  };
}
