import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type z } from 'zod';
import { Audited } from '../audit/audited.decorator';
import { Caller } from '../auth/caller.decorator';
import { actorOf, type Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ControlPlaneResponses } from '../control/control-plane-responses';
import { ZodBody } from '../common/zod-params';
import { cursorSchema, restartSchema } from './admin-schemas';
import { ConnectorControlService } from './connector-control.service';
import { ApiView } from '../common/api-views';
import { checkResultView, cursorView, liveStatusView, restartedView, statusView } from './connector.views';

type Status = z.infer<typeof statusView>;
type Cursor = z.infer<typeof cursorView>;

/** Lifecycle of one instance (Kafka Connect style): state changes, run now, live check, and its cursor. */
@ApiTags('connectors')
@Roles('operator', 'admin')
@Controller('api/v1/connectors/:id')
export class ConnectorControlController {
  constructor(private readonly control: ConnectorControlService) {}

  @Get('status')
  @ApiOperation({
    summary:
      'State, reason, last success and error, next run, counts, freshness, last run; live: what the connectors process knows now (null if none answered)',
  })
  @ApiView(liveStatusView)
  status(@Param('id') id: string): Promise<z.infer<typeof liveStatusView>> {
    return this.control.status(id);
  }

  @Post('pause')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'No more pulls until resumed (an in-flight pull finishes); 409 if stopped' })
  @Audited('by-service')
  @ApiView(statusView)
  pause(@Param('id') id: string, @Caller() caller: Principal): Promise<Status> {
    return this.control.pause(id, actorOf(caller));
  }

  @Post('resume')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Back to running from paused, stopped, failed or degraded; backoff cleared' })
  @Audited('by-service')
  @ApiView(statusView)
  resume(@Param('id') id: string, @Caller() caller: Principal): Promise<Status> {
    return this.control.resume(id, actorOf(caller));
  }

  @Post('stop')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Stop pulling; while stopped the cursor may be changed or reset' })
  @Audited('by-service')
  @ApiView(statusView)
  stop(@Param('id') id: string, @Caller() caller: Principal): Promise<Status> {
    return this.control.stop(id, actorOf(caller));
  }

  @Post('restart')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Running again with failures forgotten and a pull requested; onlyFailed: only if failed or degraded',
  })
  @Audited('by-service')
  @ApiView(restartedView)
  restart(
    @Param('id') id: string,
    @ZodBody(restartSchema, { required: false }) { onlyFailed }: z.infer<typeof restartSchema>,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof restartedView>> {
    return this.control.restart(id, onlyFailed, actorOf(caller));
  }

  @Post('run')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary:
      'Pull now, outside the schedule, in the connectors process; 409 unless running or failed (and enabled); on 503 the request stays recorded',
  })
  @ControlPlaneResponses('connectors')
  @Audited('by-service')
  @ApiView(statusView, HttpStatus.ACCEPTED)
  run(@Param('id') id: string, @Caller() caller: Principal): Promise<Status> {
    return this.control.runNow(id, actorOf(caller));
  }

  @Post('check')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Check the saved config against the live source, in the connectors process; nothing stored or published',
  })
  @ControlPlaneResponses('connectors')
  @Audited()
  @ApiView(checkResultView)
  check(@Param('id') id: string): Promise<z.infer<typeof checkResultView>> {
    return this.control.check(id);
  }

  @Get('cursor')
  @ApiOperation({ summary: 'Where the next pull resumes (null: from the configured beginning)' })
  @ApiView(cursorView)
  cursor(@Param('id') id: string): Promise<Cursor> {
    return this.control.cursor(id);
  }

  @Put('cursor')
  @ApiOperation({
    summary:
      "Replace the cursor; only while stopped (409 conflict otherwise); 400 invalid_cursor lists the fields that do not fit the type's cursorSchema",
  })
  @Audited('by-service')
  @ApiView(cursorView)
  setCursor(
    @Param('id') id: string,
    @ZodBody(cursorSchema) { cursor }: z.infer<typeof cursorSchema>,
    @Caller() caller: Principal,
  ): Promise<Cursor> {
    return this.control.setCursor(id, cursor, actorOf(caller));
  }

  @Delete('cursor')
  @ApiOperation({
    summary: 'Reset the cursor: the next pull starts afresh; only while stopped (409 otherwise)',
  })
  @Audited('by-service')
  @ApiView(cursorView)
  resetCursor(@Param('id') id: string, @Caller() caller: Principal): Promise<Cursor> {
    return this.control.setCursor(id, null, actorOf(caller));
  }
}
