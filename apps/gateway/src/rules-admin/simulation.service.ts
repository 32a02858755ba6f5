import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { appealItemV1Schema, type AppealItemV1, validate } from '@minsheng/shared/contracts';
import { RuleSetService } from '@minsheng/routing/rule-sets';
import { DATA_SOURCE } from '@minsheng/shared/runtime';
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
    @Inject(DATA_SOURCE) private readonly db: DataSource,
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
    const items = await this.latestItems(limit + 1, req.from, req.to);
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

  /** The latest revision of each item, newest first; a stored payload that no longer parses is left out. */
  private async latestItems(limit: number, from?: string, to?: string): Promise<AppealItemV1[]> {
    const rows = await this.db.query<{ payload: unknown }[]>(
      `SELECT i.payload FROM appeal_items i
       WHERE NOT EXISTS (SELECT 1 FROM appeal_items n WHERE n.id = i.id AND n.revision > i.revision)
         AND ($1::timestamptz IS NULL OR i.received_at >= $1) AND ($2::timestamptz IS NULL OR i.received_at < $2)
       ORDER BY i.received_at DESC, i.id DESC LIMIT $3`,
      [from ?? null, to ?? null, limit],
    );
    return rows.flatMap((r) => {
      const v = validate(appealItemV1Schema, r.payload);
      return v.ok ? [v.value] : [];
    });
  }
}
