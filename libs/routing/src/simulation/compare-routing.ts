import { type AppealItemV1 } from '@minsheng/shared/contracts';
import { type LearnedRoutingContext, routeWithModel } from '../learned';
import { outcomeOf, type SimulationDiff, SimulationDiffBuilder } from './simulation-diff';

/** Where the sample comes from: the latest revision of each stored item, newest first (IngestRepository). */
export interface StoredItems {
  latest(limit: number, from?: string, to?: string): Promise<AppealItemV1[]>;
}

/** A simulation routes at most this many items twice. */
export const SIMULATION_MAX_ITEMS = 10_000;

/** Routing is synchronous; yielding this often keeps the process serving its other work during a simulation. */
const YIELD_EVERY = 200;

export interface SampleRequest {
  /** The newest N items (latest revision of each); ignored when from/to are given. */
  last: number;
  from?: string;
  to?: string;
  examples: number;
}

export interface SampleResult extends SimulationDiff {
  sample: { last?: number; from?: string; to?: string; truncated: boolean };
}

/**
 * Routes the sample twice, as the router would (rules, then the model where the context carries one), and reports
 * what differs. Nothing is published or stored.
 */
export async function compareRouting(
  items: StoredItems,
  req: SampleRequest,
  before: LearnedRoutingContext,
  after: LearnedRoutingContext,
): Promise<SampleResult> {
  const window = req.from !== undefined || req.to !== undefined;
  const limit = window ? SIMULATION_MAX_ITEMS : Math.min(req.last, SIMULATION_MAX_ITEMS);
  const sample = await items.latest(limit + 1, req.from, req.to);
  const truncated = sample.length > limit;
  const diff = new SimulationDiffBuilder(req.examples);
  // One clock for both sides: decidedAt is the only thing routing takes from it.
  const now = new Date();
  for (const [i, item] of sample.slice(0, limit).entries()) {
    if (i > 0 && i % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
    try {
      diff.add(
        item,
        outcomeOf(routeWithModel(item, before, now)),
        outcomeOf(routeWithModel(item, after, now)),
      );
    } catch (e) {
      diff.fail(item, e);
    }
  }
  return {
    sample: window ? { from: req.from, to: req.to, truncated } : { last: req.last, truncated: false },
    ...diff.result(),
  };
}
