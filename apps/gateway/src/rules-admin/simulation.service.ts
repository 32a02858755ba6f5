import { HttpStatus, Injectable } from '@nestjs/common';
import { IngestRepository } from '@minsheng/shared/ingest';
import { RuleSetService } from '@minsheng/routing/rule-sets';
import { ReferenceDataRepository, rulesOf, routeItem, type RoutingContext } from '@minsheng/routing';
import { ApiError } from '../common/api-error';
import { ruleSetErrorsBody } from './rule-set-errors';
import { SIMULATION_MAX_ITEMS } from './rule-set.schemas';
import { outcomeOf, type SimulationDiff, SimulationDiffBuilder } from './simulation-diff';

/** Routing is synchronous; yielding this often keeps the gateway answering other requests during a simulation. */
const YIELD_EVERY = 200;

export interface SimulationRequest {
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
 * Routes stored items twice in this process — with the published rules and with the given version — over the same
 * reference data, and reports what would change. Nothing is published or stored.
 */
@Injectable()
export class SimulationService {
  constructor(
    private readonly items: IngestRepository,
    private readonly reference: ReferenceDataRepository,
    private readonly ruleSets: RuleSetService,
  ) {}

  async simulate(version: number, req: SimulationRequest): Promise<SimulationReport> {
    const document = await this.ruleSets.document(version);
    const checked = await this.ruleSets.validate(document);
    if (!checked.ok)
      throw new ApiError(
        'invalid_rule_set',
        `version ${version} does not validate against the current catalogue`,
        HttpStatus.UNPROCESSABLE_ENTITY,
        ruleSetErrorsBody(checked.errors),
      );
    const published = await this.reference.loadContext();
    const candidate: RoutingContext = { ...published, ...rulesOf(checked.ruleSet, version) };
    const window = req.from !== undefined || req.to !== undefined;
    const limit = window ? SIMULATION_MAX_ITEMS : req.last;
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
