import { type ReferenceDataRepository, rulesOf } from '../reference/reference-data.repository';
import { routeItem } from '../route-item';
import { type RoutingContext } from '../routing-context';
import { type RuleSetService } from '../rule-sets/rule-set.service';
import { RuleSetValidationError } from '../rules/validate-rule-set';
import { outcomeOf, type SimulationDiff, SimulationDiffBuilder } from './simulation-diff';
import { type AppealItemV1 } from '@minsheng/shared/contracts';

/** Where the sample comes from: the latest revision of each stored item, newest first (IngestRepository). */
export interface StoredItems {
  latest(limit: number, from?: string, to?: string): Promise<AppealItemV1[]>;
}

/** A simulation routes at most this many items twice. */
export const SIMULATION_MAX_ITEMS = 10_000;

/** Routing is synchronous; yielding this often keeps the process serving its other work during a simulation. */
const YIELD_EVERY = 200;

export interface SimulationRequest {
  version: number;
  /** The newest N items (latest revision of each); ignored when from/to are given. */
  last: number;
  from?: string;
  to?: string;
  examples: number;
}

export interface SimulationReport extends SimulationDiff {
  version: number;
  /** The published version the draft is compared with (0 = none published). */
  against: number;
  sample: { last?: number; from?: string; to?: string; truncated: boolean };
}

/**
 * Routes stored items twice — with the published rules and with the given version — over the same reference data,
 * and reports what would change. Nothing is published or stored. Throws RuleSetLifecycleError (no such version) and
 * RuleSetValidationError (it does not validate against the current catalogue).
 */
export class RuleSetSimulator {
  constructor(
    private readonly ruleSets: RuleSetService,
    private readonly reference: ReferenceDataRepository,
    private readonly items: StoredItems,
  ) {}

  async simulate(req: SimulationRequest): Promise<SimulationReport> {
    const { version } = req;
    const checked = await this.ruleSets.validate(await this.ruleSets.document(version));
    if (!checked.ok) throw new RuleSetValidationError(checked.errors);
    const published = await this.reference.loadContext();
    const candidate: RoutingContext = { ...published, ...rulesOf(checked.ruleSet, version) };
    const window = req.from !== undefined || req.to !== undefined;
    const limit = window ? SIMULATION_MAX_ITEMS : Math.min(req.last, SIMULATION_MAX_ITEMS);
    const items = await this.items.latest(limit + 1, req.from, req.to);
    const truncated = items.length > limit;
    const diff = new SimulationDiffBuilder(req.examples);
    // One clock for both sides: decidedAt is the only thing routeItem takes from it.
    const now = new Date();
    for (const [i, item] of items.slice(0, limit).entries()) {
      if (i > 0 && i % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
      try {
        diff.add(
          item,
          outcomeOf(routeItem(item, published, now)),
          outcomeOf(routeItem(item, candidate, now)),
        );
      } catch (e) {
        diff.fail(item, e);
      }
    }
    return {
      version,
      against: published.rules.version,
      sample: window ? { from: req.from, to: req.to, truncated } : { last: req.last, truncated: false },
      ...diff.result(),
    };
  }
}
