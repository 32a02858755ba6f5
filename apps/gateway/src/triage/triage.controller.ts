import { Controller, Get, Headers, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type z } from 'zod';
import { Audited } from '../audit/audited.decorator';
import { Caller } from '../auth/caller.decorator';
import { type Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ZodBody, ZodQuery } from '../common/zod-params';
import { TicketIdPipe } from '../tickets/ticket-id.pipe';
import { IDEMPOTENCY_HEADER } from '../tickets/ticket-feedback';
import {
  type ManualDecisionBody,
  manualDecisionBodySchema,
  triageQuerySchema,
  TriageService,
} from './triage.service';
import { ApiView } from '../common/api-views';
import { eventAcceptedView, ticketPageView } from '../tickets/ticket.views';

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
  @ApiView(ticketPageView)
  list(
    @ZodQuery(triageQuerySchema) query: z.infer<typeof triageQuerySchema>,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof ticketPageView>> {
    return this.triage.list(query, caller);
  }

  @Post(':id/decision')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary:
      'Decide a ticket in triage (人工派单): jurisdiction, lead and co departments, grade, note; the router makes it the next decision',
  })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiAcceptedResponse({
    description:
      'published to appeal.feedback.v1; a decision for a revision already superseded changes nothing',
  })
  @ApiConflictResponse({
    description: 'the ticket has already left triage, or is past the given decisionRevision',
  })
  @Audited('by-service')
  @ApiView(eventAcceptedView, HttpStatus.ACCEPTED)
  decide(
    @Param('id', TicketIdPipe) id: string,
    @ZodBody(manualDecisionBodySchema) body: ManualDecisionBody,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof eventAcceptedView>> {
    return this.triage.decide(id, body, caller, idempotencyKey);
  }
}
