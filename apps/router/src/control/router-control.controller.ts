import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type Observable } from 'rxjs';
import {
  answer,
  CONTROL_PATTERNS,
  ControlError,
  type ControlReply,
  processIdentity,
  simulateModelRequestSchema,
  simulateRequestSchema,
  trainModelRequestSchema,
} from '@minsheng/shared/control';
import { APP_CONFIG, APP_LOGGER, type AppConfig, type Logger } from '@minsheng/shared/runtime';
import {
  ModelLifecycleError,
  ModelService,
  type ModelVersionSummary,
  modelVersionSummary,
} from '@minsheng/routing/models';
import { RuleSetLifecycleError } from '@minsheng/routing/rule-sets';
import { RuleSetValidationError } from '@minsheng/routing/rules';
import {
  type ModelSimulationReport,
  ModelSimulator,
  RuleSetSimulator,
  type SimulationReport,
  type SimulationRequest,
} from '@minsheng/routing/simulation';
import { trainingPolicy } from '../models/model-training.scheduler';

const BY = processIdentity('router');

/** What the gateway asks the router over the control plane (docs/decisions/020-control-plane.md). */
@Controller()
export class RouterControlController {
  /** One simulation at a time per router: each routes up to 20,000 items on the thread that also routes live. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(RuleSetSimulator) private readonly simulator: RuleSetSimulator,
    @Inject(ModelSimulator) private readonly modelSimulator: ModelSimulator,
    @Inject(ModelService) private readonly models: ModelService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** Training runs on a worker thread; this router keeps routing meanwhile. */
  @MessagePattern(CONTROL_PATTERNS.trainModel)
  trainModel(
    @Payload() request: unknown,
  ): Observable<ControlReply<ModelVersionSummary & { created: boolean }>> {
    return answer(BY, request, trainModelRequestSchema, (body) =>
      this.inTurn(async () => {
        const r = await modelErrors(() =>
          this.models.train('on_demand', body.actor, trainingPolicy(this.config)),
        );
        this.logger.info({ modelVersion: r.version, created: r.created, by: BY }, 'model trained on demand');
        return { ...modelVersionSummary(r.row), created: r.created };
      }),
    );
  }

  @MessagePattern(CONTROL_PATTERNS.simulateModel)
  simulateModel(@Payload() request: unknown): Observable<ControlReply<ModelSimulationReport>> {
    return answer(BY, request, simulateModelRequestSchema, (body) =>
      this.inTurn(() => modelErrors(() => this.modelSimulator.simulate(body))),
    );
  }

  @MessagePattern(CONTROL_PATTERNS.simulate)
  simulate(@Payload() request: unknown): Observable<ControlReply<SimulationReport>> {
    return answer(BY, request, simulateRequestSchema, (body) => this.inTurn(() => this.run(body)));
  }

  private async run(req: SimulationRequest): Promise<SimulationReport> {
    try {
      const report = await this.simulator.simulate(req);
      this.logger.info({ version: req.version, items: report.totals.items, by: BY }, 'rule set simulated');
      return report;
    } catch (e) {
      if (e instanceof RuleSetLifecycleError) throw new ControlError(e.code, e.message);
      if (e instanceof RuleSetValidationError)
        throw new ControlError(
          'invalid_rule_set',
          `version ${req.version} does not validate against the current catalogue`,
          { errors: e.errors },
        );
      throw e;
    }
  }

  private inTurn<T>(job: () => Promise<T>): Promise<T> {
    const turn = this.queue.then(job, job);
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}

async function modelErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof ModelLifecycleError) throw new ControlError(e.code, e.message);
    throw e;
  }
}
