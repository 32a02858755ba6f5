import { type AppealItemV1, type Decision, type DepartmentSuggestion } from '@minsheng/shared/contracts';
import { routeAndLocate } from '../route-item';
import { type RouteOptions, type RoutingContext } from '../routing-context';
import { deadline } from '../stages/deadline';
import { type Located } from '../stages/jurisdiction';
import { placeUnit } from '../stages/unit';
import { DEFAULT_DISAGREEMENT, type LearnedRouting, SUGGESTIONS_SHOWN } from './suggester';

/** A routing context that may carry a learned model; without one, routing is exactly routeItem's. */
export interface LearnedRoutingContext extends RoutingContext {
  suggester?: LearnedRouting;
}

const textOf = (item: AppealItemV1) => (item.title ? `${item.title}。${item.content}` : item.content);

function thresholdFor(learned: LearnedRouting, department: string): number {
  return learned.perDepartment?.[department] ?? learned.threshold;
}

/**
 * Rules first, then the model (docs/decisions/018-learned-routing.md): a rule that names a department decides,
 * and the model only says when it is sure of another one. When no rule names one, the model's first suggestion
 * routes at or above its threshold; below it the item goes to triage with the ranked suggestions.
 */
export function routeWithModel(
  item: AppealItemV1,
  ctx: LearnedRoutingContext,
  now: Date,
  opts: RouteOptions = {},
): Decision {
  const { decision, located } = routeAndLocate(item, ctx, now, opts);
  const learned = ctx.suggester;
  if (!learned) return decision;
  const exclude = new Set([...(opts.exclude ?? []), ...decision.returnedBy]);
  const text = textOf(item);
  const suggestions = learned.suggester
    .suggest(text, SUGGESTIONS_SHOWN + exclude.size)
    .filter((s) => !exclude.has(s.department) && ctx.departments.has(s.department))
    .slice(0, SUGGESTIONS_SHOWN);
  const modelVersion = learned.suggester.version;
  if (decision.reason !== 'no_department' || decision.duplicateOf)
    return flagDisagreement({ ...decision, modelVersion }, suggestions, learned);
  return fromModel(item, ctx, now, decision, suggestions, learned, text, located);
}

function flagDisagreement(
  decision: Decision,
  suggestions: DepartmentSuggestion[],
  learned: LearnedRouting,
): Decision {
  const [top] = suggestions;
  const ruled = decision.lead?.department;
  if (!top || !ruled || top.department === ruled) return decision;
  if (top.confidence < (learned.disagreement ?? DEFAULT_DISAGREEMENT)) return decision;
  return {
    ...decision,
    modelDisagrees: true,
    suggestions,
    explanation: [
      ...decision.explanation,
      `model ${learned.suggester.version} disagrees: ${top.department} (${top.confidence}); the rule decides`,
    ],
  };
}

function fromModel(
  item: AppealItemV1,
  ctx: LearnedRoutingContext,
  now: Date,
  decision: Decision,
  suggestions: DepartmentSuggestion[],
  learned: LearnedRouting,
  text: string,
  { place }: Located,
): Decision {
  const version = learned.suggester.version;
  const base = { ...decision, modelVersion: version, suggestions };
  const [top] = suggestions;
  const dept = top && ctx.departments.get(top.department);
  if (!top || !dept || top.confidence < thresholdFor(learned, top.department)) {
    const best = top ? `best ${top.department} (${top.confidence})` : 'no department';
    return {
      ...base,
      explanation: [
        ...decision.explanation,
        `model ${version}: ${best} below the threshold ${top ? thresholdFor(learned, top.department) : learned.threshold}`,
      ],
    };
  }
  const words = learned.suggester
    .explain(text, top.department, 5)
    .map((c) => c.ngram)
    .join('、');
  const because = `model ${version}: ${top.department} (confidence ${top.confidence} ≥ ${thresholdFor(learned, top.department)}), from 「${words}」`;
  const j = decision.jurisdiction;
  const lead = placeUnit(dept, 'auto', j, ctx, false);
  if (!lead)
    return {
      ...base,
      reason: 'no_jurisdiction',
      explanation: [...decision.explanation, because, `unit: ${dept.name} needs a town that was not found`],
    };
  if (j.codes.county === undefined) {
    // As for a rule's lead: without a trusted place only the city unit of a department without county units,
    // or a question or suggestion, is routed; anything else goes to a person with the unit suggested.
    const cityTakesIt =
      lead.level === 'city' &&
      !place.ambiguous &&
      (!dept.levels.includes('county') || item.appealType === 'consult' || item.appealType === 'suggestion');
    if (!cityTakesIt)
      return {
        ...base,
        lead,
        reason: place.outside
          ? 'outside_city'
          : place.ambiguous
            ? 'ambiguous_jurisdiction'
            : 'no_jurisdiction',
        explanation: [...decision.explanation, because, `suggested: ${lead.unitName}`],
      };
  }
  const due = deadline(item, decision.grade, ctx);
  return {
    ...base,
    lead,
    co: [],
    mode: 'auto',
    reason: undefined,
    dueAt: due.dueAt,
    workingDays: due.workingDays,
    calendarFallback: due.calendarFallback,
    needsConsultation: decision.grade === 'complex' ? true : undefined,
    explanation: [...decision.explanation, because, `unit: ${lead.unitName} (${lead.level})`, due.note],
    decidedAt: now.toISOString(),
  };
}
