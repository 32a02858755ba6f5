import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { markAudited } from '../audit/audit.interceptor';
import { actorOf, type AuthedRequest } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { parseBody } from '../common/parse-body';
import { deadLetterQuerySchema } from './admin-schemas';
import { DeadLettersService, type DeadLetterView } from './dead-letters.service';

@ApiTags('dead-letters')
@Roles('operator', 'admin')
@Controller('api/v1/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  @ApiOperation({ summary: 'Dead letters, newest first; `nextCursor` pages on' })
  @ApiQuery({ name: 'stage', required: false, enum: ['connector', 'router'] })
  @ApiQuery({ name: 'reasonCode', required: false })
  @ApiQuery({ name: 'topic', required: false, description: 'with or without the deployment prefix' })
  @ApiQuery({ name: 'replayed', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'since', required: false })
  @ApiQuery({ name: 'until', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  list(@Query() query: unknown): Promise<{ deadLetters: DeadLetterView[]; nextCursor: string | null }> {
    return this.deadLetters.list(parseBody(deadLetterQuerySchema, query));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One dead letter' })
  get(@Param('id') id: string): Promise<DeadLetterView> {
    return this.deadLetters.get(id);
  }

  @Post(':id/replay')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary:
      'Re-queue a router-stage letter, unchanged, to its topic through the outbox; 409 not_replayable for connector-stage letters (raw records), already_replayed once done',
  })
  async replay(
    @Param('id') id: string,
    @Req() req: AuthedRequest,
  ): Promise<DeadLetterView & { outboxId: string }> {
    const replayed = await this.deadLetters.replay(id, actorOf(req.principal!));
    markAudited(req);
    return replayed;
  }
}
