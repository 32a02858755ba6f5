import { Controller, Delete, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Audited } from '../audit/audited.decorator';
import { Caller } from '../auth/caller.decorator';
import { actorOf, type Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ZodBody, ZodParams, ZodQuery } from '../common/zod-params';
import { ReferenceAdminService } from './reference-admin.service';
import { hintBodySchema, hintKeySchema, hintQuerySchema } from './reference.schemas';
import { ApiView } from '../common/api-views';
import { hintChangeView, hintView } from './reference.views';

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
  @ApiView(z.array(hintView))
  list(
    @ZodQuery(hintQuerySchema) query: z.infer<typeof hintQuerySchema>,
  ): Promise<z.infer<typeof hintView>[]> {
    return this.reference.hints(query);
  }

  @Put(KEY)
  @ApiOperation({
    summary: 'Add or change a mapping; kind is board, mailbox or dept; the division must exist',
  })
  @Audited('by-service')
  @ApiView(hintChangeView)
  put(
    @ZodParams(hintKeySchema) key: z.infer<typeof hintKeySchema>,
    @ZodBody(hintBodySchema) { code }: z.infer<typeof hintBodySchema>,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof hintChangeView>> {
    return this.reference.putHint(key, code, actorOf(caller));
  }

  @Delete(KEY)
  @ApiOperation({ summary: 'Remove a mapping' })
  @Audited('by-service')
  @ApiView(hintChangeView)
  remove(
    @ZodParams(hintKeySchema) key: z.infer<typeof hintKeySchema>,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof hintChangeView>> {
    return this.reference.deleteHint(key, actorOf(caller));
  }
}
