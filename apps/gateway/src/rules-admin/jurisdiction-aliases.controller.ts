import { Body, Controller, Delete, Get, Param, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { markAudited } from '../audit/audit.interceptor';
import { actorOf, type AuthedRequest } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { parseBody } from '../common/parse-body';
import { type AliasRow, type Change, ReferenceAdminService } from './reference-admin.service';
import { aliasBodySchema, aliasPathSchema, aliasQuerySchema } from './reference.schemas';

@ApiTags('reference-data')
@Controller('api/v1/reference/aliases')
@Roles('admin')
export class JurisdictionAliasesController {
  constructor(private readonly reference: ReferenceAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Jurisdiction aliases and POIs (names the gazetteer does not know → a division)' })
  @ApiQuery({ name: 'q', required: false, description: 'alias contains' })
  @ApiQuery({ name: 'code', required: false })
  @ApiQuery({ name: 'limit', required: false })
  list(@Query() query: unknown): Promise<AliasRow[]> {
    const q = parseBody(aliasQuerySchema, query);
    return this.reference.aliases({ search: q.q, code: q.code, limit: q.limit });
  }

  @Put(':alias')
  @ApiOperation({ summary: 'Add or change an alias; the division must exist' })
  @ApiParam({ name: 'alias' })
  @ApiBody({ schema: z.toJSONSchema(aliasBodySchema, { io: 'input' }) as object })
  async put(
    @Param('alias') param: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
  ): Promise<Change<AliasRow>> {
    const alias = parseBody(aliasPathSchema, param);
    const spec = parseBody(aliasBodySchema, body);
    const change = await this.reference.putAlias(alias, spec, actorOf(req.principal!));
    markAudited(req);
    return change;
  }

  @Delete(':alias')
  @ApiOperation({ summary: 'Remove an alias' })
  @ApiParam({ name: 'alias' })
  async remove(@Param('alias') alias: string, @Req() req: AuthedRequest): Promise<Change<AliasRow>> {
    const change = await this.reference.deleteAlias(alias, actorOf(req.principal!));
    markAudited(req);
    return change;
  }
}
