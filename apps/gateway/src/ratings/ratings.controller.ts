import { Controller, Get, Headers, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import { type z } from 'zod';
import { Audited } from '../audit/audited.decorator';
import { Caller } from '../auth/caller.decorator';
import { type Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ApiView } from '../common/api-views';
import { ZodBody, ZodQuery } from '../common/zod-params';
import { TicketIdPipe } from '../tickets/ticket-id.pipe';
import { IDEMPOTENCY_HEADER } from '../tickets/ticket-feedback';
import { ticketPageView } from '../tickets/ticket.views';
import { ratingRecordedView } from './rating.views';
import {
  type RatingBody,
  ratingBodySchema,
  type RatingQueueQuery,
  ratingQueueQuerySchema,
} from './ratings.schemas';
import { RatingsService } from './ratings.service';

type Page = z.infer<typeof ticketPageView>;

/** 好差评 and 回访 (decision 034): recording a follow-up call's rating, the call list, the 办理不满意专区. */
@ApiTags('ratings')
@Roles('consumer', 'admin')
@Controller('api/v1')
export class RatingsController {
  constructor(private readonly ratings: RatingsService) {}

  @Post('tickets/:id/ratings')
  @ApiOperation({
    summary:
      "Record a citizen's rating (好差评) of a closed ticket from a follow-up call (回访); 不满意 re-opens it (router)",
    description:
      '202: published for the router, which records it once per round. 200: the round already has this very rating ' +
      '(nothing published). 409 rating_exists: the round has another rating; 409 conflict: the ticket is not closed ' +
      'or has moved past decisionRevision. 403: a key bound to handling departments does not rate their work.',
  })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @Audited('by-service')
  @ApiView(ratingRecordedView, HttpStatus.ACCEPTED)
  @ApiView(ratingRecordedView, HttpStatus.OK, 'the round was already rated so; nothing published')
  async rate(
    @Param('id', TicketIdPipe) id: string,
    @ZodBody(ratingBodySchema) body: RatingBody,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Caller() caller: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<z.infer<typeof ratingRecordedView>> {
    const answer = await this.ratings.record(id, body, caller, idempotencyKey);
    res.status(answer.status);
    return answer.body;
  }

  @Get('follow-ups')
  @ApiOperation({
    summary:
      "回访 call list: closed tickets sampled per unit (FOLLOW_UP_SAMPLE_RATE, by a hash of the id) with no rating yet, in the key's scope; oldest first",
  })
  @ApiView(ticketPageView)
  followUps(
    @ZodQuery(ratingQueueQuerySchema) q: RatingQueueQuery,
    @Caller() caller: Principal,
  ): Promise<Page> {
    return this.ratings.followUps(q, caller);
  }

  @Get('dissatisfied')
  @ApiOperation({
    summary:
      "办理不满意专区: open tickets re-opened after a 不满意 rating (or sent to triage past the limit), in the key's scope; newest first",
  })
  @ApiView(ticketPageView)
  dissatisfied(
    @ZodQuery(ratingQueueQuerySchema) q: RatingQueueQuery,
    @Caller() caller: Principal,
  ): Promise<Page> {
    return this.ratings.dissatisfied(q, caller);
  }
}
