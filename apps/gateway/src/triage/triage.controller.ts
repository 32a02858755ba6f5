import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConflictResponse,
  ApiHeader,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import { markAudited } from '../audit/audit.interceptor';
import { type AuthedRequest } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ApiQueryFrom } from '../common/api-query';
import { type TicketPage } from '../tickets/ticket-list';
import { type EventAccepted, IDEMPOTENCY_HEADER } from '../tickets/ticket-feedback';
import { manualDecisionBodySchema, triageQuerySchema, TriageService } from './triage.service';

/** The city platform's dispatchers (admins): what the router could not decide, and deciding it. */
@ApiTags('triage')
@Roles('admin')
@Controller('api/v1/triage')
export class TriageController {
  constructor(private readonly triage: TriageService) {}

  @Get()
  @ApiOperation({
    summary: 'Tickets in triage, oldest received first, with the reason; `nextCursor` pages on',
  })
  @ApiQueryFrom(triageQuerySchema)
  list(@Query() query: unknown, @Req() req: AuthedRequest): Promise<TicketPage> {
    return this.triage.list(query, req.principal!);
  }

  @Post(':id/decision')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary:
      'Decide a ticket in triage (人工派单): jurisdiction, lead and co departments, grade, note; the router makes it the next decision',
  })
  @ApiBody({ schema: z.toJSONSchema(manualDecisionBodySchema, { io: 'input' }) as object })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiAcceptedResponse({
    description:
      'published to appeal.feedback.v1; a decision for a revision already superseded changes nothing',
  })
  @ApiConflictResponse({
    description: 'the ticket has already left triage, or is past the given decisionRevision',
  })
  async decide(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: AuthedRequest,
  ): Promise<EventAccepted> {
    const accepted = await this.triage.decide(id, body, req.principal!, idempotencyKey);
    markAudited(req);
    return accepted;
  }
}
