import { Body, Controller, Delete, Get, Param, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { markAudited } from '../audit/audit.interceptor';
import { actorOf, type AuthedRequest } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { parseBody } from '../common/parse-body';
import { type Change, type HintRow, ReferenceAdminService } from './reference-admin.service';
import { hintBodySchema, hintKeySchema, hintQuerySchema } from './reference.schemas';

const KEY = ':channel/:kind/:value';

@ApiTags('reference-data')
@Controller('api/v1/reference/channel-hints')
@Roles('admin')
export class ChannelHintsController {
  constructor(private readonly reference: ReferenceAdminService) {}

  @Get()
  @ApiOperation({
    summary: 'Board and mailbox mappings: a channel’s board, mailbox owner or department → division',
  })
  @ApiQuery({ name: 'channel', required: false })
  list(@Query() query: unknown): Promise<HintRow[]> {
    return this.reference.hints(parseBody(hintQuerySchema, query));
  }

  @Put(KEY)
  @ApiOperation({
    summary: 'Add or change a mapping; kind is board, mailbox or dept; the division must exist',
  })
  @ApiParam({ name: 'channel' })
  @ApiParam({ name: 'kind', enum: ['board', 'mailbox', 'dept'] })
  @ApiParam({ name: 'value' })
  @ApiBody({ schema: z.toJSONSchema(hintBodySchema, { io: 'input' }) as object })
  async put(
    @Param() params: unknown,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
  ): Promise<Change<HintRow>> {
    const key = parseBody(hintKeySchema, params);
    const { code } = parseBody(hintBodySchema, body);
    const change = await this.reference.putHint(key, code, actorOf(req.principal!));
    markAudited(req);
    return change;
  }

  @Delete(KEY)
  @ApiOperation({ summary: 'Remove a mapping' })
  @ApiParam({ name: 'channel' })
  @ApiParam({ name: 'kind', enum: ['board', 'mailbox', 'dept'] })
  @ApiParam({ name: 'value' })
  async remove(@Param() params: unknown, @Req() req: AuthedRequest): Promise<Change<HintRow>> {
    const change = await this.reference.deleteHint(parseBody(hintKeySchema, params), actorOf(req.principal!));
    markAudited(req);
    return change;
  }
}
