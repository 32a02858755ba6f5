import { type Decision, type RoutedTicketV1 } from '@minsheng/shared/contracts';
import { type LearnedRoutingContext, routeWithModel } from '@minsheng/routing/learned';
import { offlineItem } from './offline-item';

function failed(id: string, message: string, ruleSetVersion: number, now: Date): Decision {
  return {
    jurisdiction: { codes: {}, method: 'none', confidence: 0 },
    co: [],
    tags: [],
    returnedBy: [],
    grade: 'general',
    ruleSetVersion,
    matchedRules: [],
    explanation: [`item ${id} could not be routed: ${message}`],
    mode: 'triage',
    reason: 'no_department',
    decidedAt: now.toISOString(),
  };
}

/**
 * One input line (the `n`th that is not blank) to its output line, newline included. A bad line gets a triage
 * decision saying why: one bad line must not cost the others their answer.
 */
export function routeLine(line: string, n: number, ctx: LearnedRoutingContext, now: Date): string {
  let ticket: RoutedTicketV1 | { id: string; decision: Decision };
  try {
    const item = offlineItem(JSON.parse(line) as Parameters<typeof offlineItem>[0], now);
    ticket = { schemaVersion: 1, item, decision: routeWithModel(item, ctx, now), decisionRevision: 1 };
  } catch (e) {
    const id = (/"id"\s*:\s*"?([^",}]+)/.exec(line)?.[1] ?? `line-${n}`).trim();
    ticket = { id, decision: failed(id, (e as Error).message, ctx.rules.version, now) };
  }
  return `${JSON.stringify(ticket)}\n`;
}
