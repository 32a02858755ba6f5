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
import { ApiAcceptedResponse, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { markAudited } from '../audit/audit.interceptor';
import { type AuthedRequest } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ApiQueryFrom } from '../common/api-query';
import { ticketListQuerySchema, type TicketPage } from './ticket-list';
import { type EventAccepted, IDEMPOTENCY_HEADER } from './ticket-feedback';
import { feedbackBodySchema, TicketsService, type TicketView } from './tickets.service';

@ApiTags('tickets')
@Roles('consumer', 'admin')
@Controller('api/v1/tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Get()
  @ApiOperation({
    summary: "Tickets in the key's scope, newest received first; filters AND together; `nextCursor` pages on",
  })
  @ApiQueryFrom(ticketListQuerySchema)
  list(@Query() query: unknown, @Req() req: AuthedRequest): Promise<TicketPage> {
    return this.tickets.list(query, req.principal!);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One ticket: current status and decision, every decision revision, item revisions and feedback',
  })
  get(@Param('id') id: string, @Req() req: AuthedRequest): Promise<TicketView> {
    return this.tickets.get(id, req.principal!);
  }

  @Post(':id/feedback')
  @Roles('consumer')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Accept (受理), return (退单, with a reason) or close (办结) a ticket; the router applies it',
  })
  @ApiBody({ schema: z.toJSONSchema(feedbackBodySchema, { io: 'input' }) as object })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiAcceptedResponse({ description: 'published to appeal.feedback.v1; `eventId` names the event' })
  async feedback(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: AuthedRequest,
  ): Promise<EventAccepted> {
    const accepted = await this.tickets.feedback(id, body, req.principal!, idempotencyKey);
    markAudited(req);
    return accepted;
  }
}
