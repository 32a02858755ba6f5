import { Controller, Get, Headers, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type z } from 'zod';
import { Audited } from '../audit/audited.decorator';
import { Caller } from '../auth/caller.decorator';
import { type Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ZodBody, ZodQuery } from '../common/zod-params';
import { TicketIdPipe } from './ticket-id.pipe';
import { ticketListQuerySchema } from './ticket-list';
import { IDEMPOTENCY_HEADER } from './ticket-feedback';
import { type FeedbackBody, feedbackBodySchema, TicketsService } from './tickets.service';
import { ApiView } from '../common/api-views';
import { eventAcceptedView, ticketPageView, ticketView } from './ticket.views';

@ApiTags('tickets')
@Roles('consumer', 'admin')
@Controller('api/v1/tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Get()
  @ApiOperation({
    summary: "Tickets in the key's scope, newest received first; filters AND together; `nextCursor` pages on",
  })
  @ApiView(ticketPageView)
  list(
    @ZodQuery(ticketListQuerySchema) query: z.infer<typeof ticketListQuerySchema>,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof ticketPageView>> {
    return this.tickets.list(query, caller);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One ticket: current status and decision, every decision revision, item revisions and feedback',
  })
  @ApiView(ticketView)
  get(@Param('id') id: string, @Caller() caller: Principal): Promise<z.infer<typeof ticketView>> {
    return this.tickets.get(id, caller);
  }

  @Post(':id/feedback')
  @Roles('consumer')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Accept (受理), return (退单, with a reason) or close (办结) a ticket; the router applies it',
  })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiAcceptedResponse({ description: 'published to appeal.feedback.v1; `eventId` names the event' })
  @Audited('by-service')
  @ApiView(eventAcceptedView, HttpStatus.ACCEPTED)
  feedback(
    @Param('id', TicketIdPipe) id: string,
    @ZodBody(feedbackBodySchema) body: FeedbackBody,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof eventAcceptedView>> {
    return this.tickets.feedback(id, body, caller, idempotencyKey);
  }
}
