import { Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Audited } from '../audit/audited.decorator';
import { Caller } from '../auth/caller.decorator';
import { actorOf, type Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ZodBody, ZodParam, ZodQuery } from '../common/zod-params';
import { ReferenceAdminService } from './reference-admin.service';
import { aliasBodySchema, aliasPathSchema, aliasQuerySchema } from './reference.schemas';
import { ApiView } from '../common/api-views';
import { aliasChangeView, aliasView } from './reference.views';

@ApiTags('reference-data')
@Controller('api/v1/reference/aliases')
@Roles('admin')
export class JurisdictionAliasesController {
  constructor(private readonly reference: ReferenceAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Jurisdiction aliases and POIs (names the gazetteer does not know → a division)' })
  @ApiView(z.array(aliasView))
  list(
    @ZodQuery(aliasQuerySchema) q: z.infer<typeof aliasQuerySchema>,
  ): Promise<z.infer<typeof aliasView>[]> {
    return this.reference.aliases({ search: q.q, code: q.code, limit: q.limit });
  }

  @Put(':alias')
  @ApiOperation({ summary: 'Add or change an alias; the division must exist' })
  @Audited('by-service')
  @ApiView(aliasChangeView)
  put(
    @ZodParam('alias', aliasPathSchema) alias: string,
    @ZodBody(aliasBodySchema) spec: z.infer<typeof aliasBodySchema>,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof aliasChangeView>> {
    return this.reference.putAlias(alias, spec, actorOf(caller));
  }

  @Delete(':alias')
  @ApiOperation({ summary: 'Remove an alias' })
  @ApiParam({ name: 'alias' })
  @Audited('by-service')
  @ApiView(aliasChangeView)
  remove(
    @Param('alias') alias: string,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof aliasChangeView>> {
    return this.reference.deleteAlias(alias, actorOf(caller));
  }
}
