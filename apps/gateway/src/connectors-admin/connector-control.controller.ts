import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type CheckResult } from '@minsheng/connector-sdk';
import { markAudited } from '../audit/audit.interceptor';
import { actorOf, type AuthedRequest } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { parseBody } from '../common/parse-body';
import { cursorSchema, restartSchema } from './admin-schemas';
import { ConnectorControlService, type CursorView } from './connector-control.service';
import { type StatusView } from './connector-views';

/** Lifecycle of one instance (Kafka Connect style): state changes, run now, live check, and its cursor. */
@ApiTags('connectors')
@Roles('operator', 'admin')
@Controller('api/v1/connectors/:id')
export class ConnectorControlController {
  constructor(private readonly control: ConnectorControlService) {}

  @Get('status')
  @ApiOperation({ summary: 'State, reason, last success and error, next run, counts, freshness, last run' })
  status(@Param('id') id: string): Promise<StatusView> {
    return this.control.status(id);
  }

  @Post('pause')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'No more pulls until resumed (an in-flight pull finishes); 409 if stopped' })
  pause(@Param('id') id: string, @Req() req: AuthedRequest): Promise<StatusView> {
    return this.audited(req, this.control.pause(id, actorOf(req.principal!)));
  }

  @Post('resume')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Back to running from paused, stopped, failed or degraded; backoff cleared' })
  resume(@Param('id') id: string, @Req() req: AuthedRequest): Promise<StatusView> {
    return this.audited(req, this.control.resume(id, actorOf(req.principal!)));
  }

  @Post('stop')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Stop pulling; while stopped the cursor may be changed or reset' })
  stop(@Param('id') id: string, @Req() req: AuthedRequest): Promise<StatusView> {
    return this.audited(req, this.control.stop(id, actorOf(req.principal!)));
  }

  @Post('restart')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Running again with failures forgotten and a pull requested; onlyFailed: only if failed or degraded',
  })
  @ApiBody({ schema: z.toJSONSchema(restartSchema, { io: 'input' }) as object, required: false })
  restart(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
  ): Promise<StatusView & { restarted: boolean }> {
    const { onlyFailed } = parseBody(restartSchema, body ?? {});
    return this.audited(req, this.control.restart(id, onlyFailed, actorOf(req.principal!)));
  }

  @Post('run')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Pull now, outside the schedule; 409 unless running or failed (and enabled)' })
  run(@Param('id') id: string, @Req() req: AuthedRequest): Promise<StatusView> {
    return this.audited(req, this.control.runNow(id, actorOf(req.principal!)));
  }

  @Post('check')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Check the saved config against the live source; nothing stored or published' })
  check(@Param('id') id: string): Promise<CheckResult> {
    return this.control.check(id);
  }

  @Get('cursor')
  @ApiOperation({ summary: 'Where the next pull resumes (null: from the configured beginning)' })
  cursor(@Param('id') id: string): Promise<CursorView> {
    return this.control.cursor(id);
  }

  @Put('cursor')
  @ApiOperation({
    summary:
      "Replace the cursor; only while stopped (409 conflict otherwise); 400 invalid_cursor lists the fields that do not fit the type's cursorSchema",
  })
  @ApiBody({ schema: z.toJSONSchema(cursorSchema, { io: 'input' }) as object })
  setCursor(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthedRequest): Promise<CursorView> {
    const { cursor } = parseBody(cursorSchema, body);
    return this.audited(req, this.control.setCursor(id, cursor, actorOf(req.principal!)));
  }

  @Delete('cursor')
  @ApiOperation({
    summary: 'Reset the cursor: the next pull starts afresh; only while stopped (409 otherwise)',
  })
  resetCursor(@Param('id') id: string, @Req() req: AuthedRequest): Promise<CursorView> {
    return this.audited(req, this.control.setCursor(id, null, actorOf(req.principal!)));
  }

  /** The service wrote the audit entry in its transaction; the interceptor must not add a generic one. */
  private async audited<T>(req: AuthedRequest, work: Promise<T>): Promise<T> {
    const result = await work;
    markAudited(req);
    return result;
  }
}
