import { type ModelService } from '../models/model.service';
import { type ReferenceDataRepository } from '../reference/reference-data.repository';
import { compareRouting, type SampleRequest, type SampleResult, type StoredItems } from './compare-routing';

export interface ModelSimulationRequest extends SampleRequest {
  version: string;
}

export interface ModelSimulationReport extends SampleResult {
  version: string;
  /** The published model it is compared with (null: none, the rules alone route). */
  against: string | null;
}

/**
 * "What would change if this model were published": stored items routed with the published rules and model, and
 * with the published rules and this model (with its thresholds). Throws ModelLifecycleError (no such version).
 */
export class ModelSimulator {
  constructor(
    private readonly models: ModelService,
    private readonly reference: ReferenceDataRepository,
    private readonly items: StoredItems,
  ) {}

  async simulate(req: ModelSimulationRequest): Promise<ModelSimulationReport> {
    const candidate = await this.models.learnedRouting(req.version);
    const stamp = await this.models.publishedStamp();
    const context = await this.reference.loadContext();
    const published = {
      ...context,
      suggester: stamp ? await this.models.learnedRouting(stamp.version) : undefined,
    };
    const result = await compareRouting(this.items, req, published, { ...context, suggester: candidate });
    return { version: req.version, against: stamp?.version ?? null, ...result };
  }

  /** For rule simulations: the model routers use now. */
  async published() {
    const stamp = await this.models.publishedStamp();
    return stamp ? this.models.learnedRouting(stamp.version) : undefined;
  }
}
