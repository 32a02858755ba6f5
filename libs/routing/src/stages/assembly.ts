import { type Decision, type TriageReason } from '@minsheng/shared/contracts';
import { type RuleEvaluation } from '../rules';
import { type RouteOptions, type Unit } from '../routing-context';
import { type Due } from './deadline';
import { type Located } from './jurisdiction';

type DecisionBase = Pick<
  Decision,
  'jurisdiction' | 'co' | 'tags' | 'returnedBy' | 'grade' | 'ruleSetVersion' | 'matchedRules' | 'decidedAt'
>;

/**
 * Stage 5: what every decision for this item shares, and the explanation so far (place, rules, returns). The
 * endings below add the stage lines that led to them, so the explanation reads in the order things were decided.
 */
export interface Draft {
  base: DecisionBase;
  explanation: readonly string[];
}

/**
 * A batch is routed with one `now`, so its ISO form is made once; comparing the time keeps this exact when it
 * changes between calls.
 */
let lastNow = { time: Number.NaN, iso: '' };
function isoString(now: Date): string {
  const time = now.getTime();
  if (time !== lastNow.time) lastNow = { time, iso: now.toISOString() };
  return lastNow.iso;
}

export function draftDecision(
  located: Located,
  ev: RuleEvaluation,
  exclude: ReadonlySet<string>,
  now: Date,
): Draft {
  const explanation = [...located.explanation, ...ev.explanation];
  if (exclude.size) explanation.push(`excluded after return (退单): ${[...exclude].join(', ')}`);
  return {
    base: {
      jurisdiction: located.jurisdiction,
      co: [],
      tags: ev.tags,
      returnedBy: [...exclude],
      grade: ev.grade ?? 'general',
      ruleSetVersion: ev.version,
      matchedRules: ev.matches.map((m) => m.ruleId),
      decidedAt: isoString(now),
    },
    explanation,
  };
}

/*
 * The endings write the base's fields out rather than spreading it: a spread followed by more keys builds the
 * object one transition at a time on every item, which made `routed` one of the costliest steps of routing.
 * The key order is the spread's, so the decisions serialise exactly as before.
 */

/** To a person, with the reason; `lines` end with the note saying what was missing. */
export function triaged(draft: Draft, reason: TriageReason, lines: string[], lead?: Unit): Decision {
  const b = draft.base;
  return {
    jurisdiction: b.jurisdiction,
    co: b.co,
    tags: b.tags,
    returnedBy: b.returnedBy,
    grade: b.grade,
    ruleSetVersion: b.ruleSetVersion,
    matchedRules: b.matchedRules,
    decidedAt: b.decidedAt,
    lead,
    explanation: draft.explanation.concat(lines),
    mode: 'triage',
    reason,
  };
}

/** Routed automatically to the units placed, due on the deadline; complex matters need consultation. */
export function routed(
  draft: Draft,
  placed: { lead: Unit; co: Unit[]; explanation: string[] },
  due: Due,
): Decision {
  const { lead } = placed;
  const b = draft.base;
  const explanation = draft.explanation.concat(placed.explanation);
  explanation.push(`unit: ${lead.unitName} (${lead.level})`, due.note);
  return {
    jurisdiction: b.jurisdiction,
    co: placed.co,
    tags: b.tags,
    returnedBy: b.returnedBy,
    grade: b.grade,
    ruleSetVersion: b.ruleSetVersion,
    matchedRules: b.matchedRules,
    decidedAt: b.decidedAt,
    lead,
    needsConsultation: b.grade === 'complex' ? true : undefined,
    dueAt: due.dueAt,
    workingDays: due.workingDays,
    calendarFallback: due.calendarFallback,
    explanation,
    mode: 'auto',
  };
}

/** 并单: the units, place and grade of the appeal this one repeats, due from this one's receipt. */
export function sameUnitsAs(
  draft: Draft,
  duplicateOf: NonNullable<RouteOptions['duplicateOf']>,
  due: Due,
): Decision {
  const original = duplicateOf.decision;
  return {
    ...draft.base,
    jurisdiction: original.jurisdiction,
    lead: original.lead,
    co: original.co,
    grade: original.grade,
    needsConsultation: original.needsConsultation,
    duplicateOf: duplicateOf.itemId,
    dueAt: due.dueAt,
    workingDays: due.workingDays,
    calendarFallback: due.calendarFallback,
    explanation: [
      ...draft.explanation,
      `并单: repeats ${duplicateOf.itemId}; routed to the same unit`,
      due.note,
    ],
    mode: 'auto',
  };
}
