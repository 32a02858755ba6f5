import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type ModelVersionSummary } from '@minsheng/routing/models';
import { type ModelSimulationReport, type SampleRequest } from '@minsheng/routing/simulation';
import {
  CONTROL_PATTERNS,
  type SimulateModelRequest,
  type TrainModelRequest,
} from '@minsheng/shared/control';
import { ControlPlane, type FailureStatuses } from '../control/control-plane';

const MODEL_FAILURES: FailureStatuses = {
  not_found: HttpStatus.NOT_FOUND,
  not_enough_examples: HttpStatus.UNPROCESSABLE_ENTITY,
  busy: HttpStatus.CONFLICT,
};

/**
 * Training and model simulation run in the router (docs/decisions/020-control-plane.md): it owns routing and trains
 * on a worker thread. The gateway asks and passes the answer on, or 503 router_unavailable.
 */
@Injectable()
export class ModelControlService {
  constructor(@Inject(ControlPlane) private readonly control: ControlPlane) {}

  train(actor: string): Promise<ModelVersionSummary & { created: boolean }> {
    return this.control.ask<TrainModelRequest, ModelVersionSummary & { created: boolean }>(
      CONTROL_PATTERNS.trainModel,
      { actor },
      MODEL_FAILURES,
    );
  }

  simulate(version: string, req: SampleRequest): Promise<ModelSimulationReport> {
    return this.control.ask<SimulateModelRequest, ModelSimulationReport>(
      CONTROL_PATTERNS.simulateModel,
      { ...req, version },
      MODEL_FAILURES,
    );
  }
}
