import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type Observable } from 'rxjs';
import {
  answer,
  checkRequestSchema,
  CONTROL_PATTERNS,
  type ControlReply,
  instanceRequestSchema,
  type LiveStatus,
  processIdentity,
  type RunNowReply,
} from '@minsheng/shared/control';
import { type CheckResult } from '@minsheng/connector-sdk';
import { ConnectorScheduler } from '../framework/scheduler.service';
import { LiveCheck } from './live-check';
import { LiveStatusReader } from './live-status';

const BY = processIdentity('connectors');

/** What the gateway asks the connectors over the control plane (docs/decisions/020-control-plane.md). */
@Controller()
export class ConnectorsControlController {
  constructor(
    @Inject(ConnectorScheduler) private readonly scheduler: ConnectorScheduler,
    private readonly live: LiveCheck,
    private readonly status: LiveStatusReader,
  ) {}

  @MessagePattern(CONTROL_PATTERNS.check)
  check(@Payload() request: unknown): Observable<ControlReply<CheckResult>> {
    return answer(BY, request, checkRequestSchema, (body) => this.live.run(body));
  }

  @MessagePattern(CONTROL_PATTERNS.runNow)
  runNow(@Payload() request: unknown): Observable<ControlReply<RunNowReply>> {
    return answer(BY, request, instanceRequestSchema, async ({ instanceId }) => ({
      outcome: await this.scheduler.serveRunNow(instanceId),
    }));
  }

  @MessagePattern(CONTROL_PATTERNS.liveStatus)
  liveStatus(@Payload() request: unknown): Observable<ControlReply<LiveStatus>> {
    return answer(BY, request, instanceRequestSchema, ({ instanceId }) => this.status.read(instanceId, BY));
  }
}
