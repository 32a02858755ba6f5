import { type LearnedRouting } from '../learned';
import { type ReferenceDataRepository, rulesOf } from '../reference/reference-data.repository';
import { type RuleSetService } from '../rule-sets/rule-set.service';
import { RuleSetValidationError } from '../rules/validate-rule-set';
import { compareRouting, type SampleRequest, type SampleResult, type StoredItems } from './compare-routing';

export interface SimulationRequest extends SampleRequest {
  version: number;
}

export interface SimulationReport extends SampleResult {
  version: number;
  /** The published version the draft is compared with (0 = none published). */
  against: number;
}

/** The model routers use now, if one is published: both sides of a rule simulation route with it. */
export interface PublishedLearning {
  published(): Promise<LearnedRouting | undefined>;
}

/**
 * Routes stored items twice — with the published rules and with the given version — over the same reference data
 * and the same published model, and reports what would change. Throws RuleSetLifecycleError (no such version) and
 * RuleSetValidationError (it does not validate against the current catalogue).
 */
export class RuleSetSimulator {
  constructor(
    private readonly ruleSets: RuleSetService,
    private readonly reference: ReferenceDataRepository,
    private readonly items: StoredItems,
    private readonly learning?: PublishedLearning,
  ) {}

  async simulate(req: SimulationRequest): Promise<SimulationReport> {
    const { version } = req;
    const checked = await this.ruleSets.validate(await this.ruleSets.document(version));
    if (!checked.ok) throw new RuleSetValidationError(checked.errors);
    const suggester = await this.learning?.published();
    const published = { ...(await this.reference.loadContext()), suggester };
    const candidate = { ...published, ...rulesOf(checked.ruleSet, version) };
    const result = await compareRouting(this.items, req, published, candidate);
    return { version, against: published.rules.version, ...result };
  }
}
