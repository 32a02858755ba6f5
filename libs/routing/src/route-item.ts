import { type AppealItemV1, type Decision } from '@minsheng/shared/contracts';
import { type RouteOptions, type RoutingContext } from './routing-context';
import { draftDecision, routed, sameUnitsAs, triaged } from './stages/assembly';
import { deadline } from './stages/deadline';
import { competentDepartment, evaluateRules } from './stages/department';
import { locate, type Located } from './stages/jurisdiction';
import { cityTakesItWithoutPlace, placeUnits } from './stages/unit';

/**
 * One routing decision, pure, in stages: jurisdiction (adcode → channel hint → aliases → gazetteer text), the
 * published rules for the competent department (谁主管谁负责), territorial management for the level and unit
 * (属地管理), the deadline on the working calendar, and the decision assembled with its explanation.
 * Anything missing goes to triage with the reason — nothing is dropped and nothing is guessed.
 */
export function routeItem(
  item: AppealItemV1,
  ctx: RoutingContext,
  now: Date,
  opts: RouteOptions = {},
): Decision {
  return routeAndLocate(item, ctx, now, opts).decision;
}

/** routeItem's decision with the place found on the way, for callers that go on from it (routeWithModel). */
export function routeAndLocate(
  item: AppealItemV1,
  ctx: RoutingContext,
  now: Date,
  opts: RouteOptions = {},
): { decision: Decision; located: Located } {
  const located = locate(item, ctx);
  return { decision: decide(item, ctx, now, opts, located), located };
}

function decide(
  item: AppealItemV1,
  ctx: RoutingContext,
  now: Date,
  opts: RouteOptions,
  located: Located,
): Decision {
  const exclude = new Set(opts.exclude ?? []);
  const ev = evaluateRules(item, located.jurisdiction, ctx);
  const draft = draftDecision(located, ev, exclude, now);

  const original = opts.duplicateOf;
  if (original && original.decision.mode === 'auto' && original.decision.lead)
    return sameUnitsAs(draft, original, deadline(item, original.decision.grade, ctx));

  const competent = competentDepartment(ev, ctx, exclude);
  if ('missing' in competent) return triaged(draft, 'no_department', [competent.missing]);
  const { lead, co, explanation } = placeUnits(competent, ev, located.jurisdiction, ctx, exclude);
  if (!lead) {
    const needs = competent.level === 'town' ? 'town' : 'county';
    return triaged(draft, 'no_jurisdiction', [
      ...explanation,
      `unit: ${competent.dept.name} needs a ${needs} that was not found`,
    ]);
  }
  if (!located.trusted && !cityTakesItWithoutPlace(lead, competent.dept, item, ev, located.place)) {
    const { place } = located;
    const reason = place.outside
      ? 'outside_city'
      : place.ambiguous
        ? 'ambiguous_jurisdiction'
        : 'no_jurisdiction';
    return triaged(draft, reason, [...explanation, `suggested: ${lead.unitName}`], lead);
  }
  return routed(draft, { lead, co, explanation }, deadline(item, draft.base.grade, ctx));
}
