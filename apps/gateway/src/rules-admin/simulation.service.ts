import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { CONTROL_PATTERNS, type ControlFailure, type SimulateRequest } from '@minsheng/shared/control';
import { type RuleSetError } from '@minsheng/routing/rules';
import { type SimulationReport, type SimulationRequest } from '@minsheng/routing/simulation';
import { ApiError } from '../common/api-error';
import { ControlPlane } from '../control/control-plane';
import { ruleSetErrorsBody } from './rule-set-errors';

export type { SimulationReport };

/**
 * Simulation runs in the router, which owns routing (docs/decisions/020-control-plane.md): the gateway asks for it
 * over the control plane and passes on the report, or 503 router_unavailable when no router answers.
 */
@Injectable()
export class SimulationService {
  constructor(@Inject(ControlPlane) private readonly control: ControlPlane) {}

  simulate(version: number, req: Omit<SimulationRequest, 'version'>): Promise<SimulationReport> {
    return this.control.ask<SimulateRequest, SimulationReport>(
      CONTROL_PATTERNS.simulate,
      { ...req, version },
      {
        not_found: HttpStatus.NOT_FOUND,
        invalid_rule_set: (f: ControlFailure) =>
          new ApiError(
            'invalid_rule_set',
            f.message,
            HttpStatus.UNPROCESSABLE_ENTITY,
            ruleSetErrorsBody((f.details?.errors ?? []) as RuleSetError[]),
          ),
      },
    );
  }
}
