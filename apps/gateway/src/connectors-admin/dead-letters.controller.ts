import { Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type z } from 'zod';
import { Audited } from '../audit/audited.decorator';
import { Caller } from '../auth/caller.decorator';
import { actorOf, type Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ZodQuery } from '../common/zod-params';
import { deadLetterQuerySchema } from './admin-schemas';
import { DeadLettersService } from './dead-letters.service';
import { ApiView } from '../common/api-views';
import { deadLetterPageView, deadLetterView, replayedView } from './connector.views';

@ApiTags('dead-letters')
@Roles('operator', 'admin')
@Controller('api/v1/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  @ApiOperation({ summary: 'Dead letters, newest first; `nextCursor` pages on' })
  @ApiView(deadLetterPageView)
  list(
    @ZodQuery(deadLetterQuerySchema) query: z.infer<typeof deadLetterQuerySchema>,
  ): Promise<z.infer<typeof deadLetterPageView>> {
    return this.deadLetters.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One dead letter' })
  @ApiView(deadLetterView)
  get(@Param('id') id: string): Promise<z.infer<typeof deadLetterView>> {
    return this.deadLetters.get(id);
  }

  @Post(':id/replay')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary:
      'Re-queue a router-stage letter, unchanged, to its topic through the outbox; 409 not_replayable for connector-stage letters (raw records), already_replayed once done',
  })
  @Audited('by-service')
  @ApiView(replayedView, HttpStatus.ACCEPTED)
  replay(@Param('id') id: string, @Caller() caller: Principal): Promise<z.infer<typeof replayedView>> {
    return this.deadLetters.replay(id, actorOf(caller));
  }
}
