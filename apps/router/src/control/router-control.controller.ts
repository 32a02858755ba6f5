import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type Observable } from 'rxjs';
import {
  answer,
  CONTROL_PATTERNS,
  ControlError,
  type ControlReply,
  processIdentity,
  simulateRequestSchema,
} from '@minsheng/shared/control';
import { APP_LOGGER, type Logger } from '@minsheng/shared/runtime';
import { RuleSetLifecycleError } from '@minsheng/routing/rule-sets';
import { RuleSetValidationError } from '@minsheng/routing/rules';
import {
  RuleSetSimulator,
  type SimulationReport,
  type SimulationRequest,
} from '@minsheng/routing/simulation';

const BY = processIdentity('router');

/** What the gateway asks the router over the control plane (docs/decisions/020-control-plane.md). */
@Controller()
export class RouterControlController {
  /** One simulation at a time per router: each routes up to 20,000 items on the thread that also routes live. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(RuleSetSimulator) private readonly simulator: RuleSetSimulator,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

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
