import { type AppealItemV1, type Decision } from '@minsheng/shared/contracts';
import { type JurisdictionResult } from '../gazetteer';
import { type RuleEvaluation, type UnitLevelChoice } from '../rules';
import { type RoutingContext, type Unit } from '../routing-context';
import {
  CITY_CODE,
  CITY_NAME,
  type DepartmentInfo,
  TOWN_OFFICE,
  type UnitLevel,
  unitName,
} from '../unit-naming';
import { type Competent } from './department';

/** 属地管理 picks the level: county unit by default, city when no county unit exists or the rule says city-wide. */
export function placeUnit(
  dept: DepartmentInfo,
  wanted: UnitLevelChoice,
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

/** Stage 3: lead and co units; no lead when the level needs a place that was not found. */
export interface Placed {
  lead?: Unit;
  co: Unit[];
  explanation: string[];
}

/**
 * The competent department's unit leads, unless the matter is territorial and the town is known: then the town
 * or street office leads and the department supports it. The rules' co-departments follow, once each, never the
 * lead and never one that returned the ticket.
 */
export function placeUnits(
  competent: Competent,
  ev: RuleEvaluation,
  j: Decision['jurisdiction'],
  ctx: RoutingContext,
  exclude: ReadonlySet<string>,
): Placed {
  const { dept } = competent;
  let lead = placeUnit(dept, competent.level, j, ctx, ev.cityWide);
  const co: Unit[] = [];
  const explanation: string[] = [];
  const townOffice = ctx.departments.get(TOWN_OFFICE);
  if (
    ev.territorial &&
    j.codes.town &&
    townOffice &&
    !exclude.has(TOWN_OFFICE) &&
    dept.code !== TOWN_OFFICE
  ) {
    if (lead) co.push(lead);
    lead = placeUnit(townOffice, 'town', j, ctx, false);
    explanation.push(`territorial: the ${j.town} office leads, ${dept.name} supports`);
  }
  for (const c of ev.co) {
    const d = ctx.departments.get(c.department);
    const unit = d && !exclude.has(d.code) ? placeUnit(d, c.level, j, ctx, ev.cityWide) : undefined;
    if (unit && unit.department !== lead?.department && !co.some((u) => u.department === unit.department))
      co.push(unit);
  }
  return { lead, co, explanation };
}

/**
 * Without a trusted place, the city unit takes the ticket only when no place is needed: the rule says city-wide,
 * the department has no county units, or the citizen asks or suggests (policy questions). A complaint about a
 * place we could not find goes to a person, with the city unit as the suggestion; an ambiguous place always does.
 */
export function cityTakesItWithoutPlace(
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
