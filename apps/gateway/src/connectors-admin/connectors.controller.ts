import { Body, Controller, Delete, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { markAudited } from '../audit/audit.interceptor';
import { actorOf, type AuthedRequest } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { parseBody } from '../common/parse-body';
import { createInstanceSchema, pageQuerySchema, updateInstanceSchema } from './admin-schemas';
import { ConnectorInstancesService } from './connector-instances.service';
import { type InstanceView, type RunView } from './connector-views';

/** Connector instances: what to pull, from where, how often. Secrets are write-only. */
@ApiTags('connectors')
@Roles('operator', 'admin')
@Controller('api/v1/connectors')
export class ConnectorsController {
  constructor(private readonly instances: ConnectorInstancesService) {}

  @Get()
  @ApiOperation({ summary: 'Every instance with its status; secrets show as {"set": true}' })
  list(): Promise<InstanceView[]> {
    return this.instances.list();
  }

  @Post()
  @ApiOperation({
    summary:
      'Create an instance; the connectors process schedules it without a restart. 400 invalid_config lists errors',
  })
  @ApiBody({ schema: z.toJSONSchema(createInstanceSchema, { io: 'input' }) as object })
  async create(@Body() body: unknown, @Req() req: AuthedRequest): Promise<InstanceView> {
    const view = await this.instances.create(parseBody(createInstanceSchema, body), actorOf(req.principal!));
    markAudited(req);
    return view;
  }

  @Get(':id')
  @ApiOperation({ summary: 'One instance with its status' })
  get(@Param('id') id: string): Promise<InstanceView> {
    return this.instances.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change name, config, schedule or enabled; a secret left out keeps the stored one',
  })
  @ApiBody({ schema: z.toJSONSchema(updateInstanceSchema, { io: 'input' }) as object })
  async update(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
  ): Promise<InstanceView> {
    const view = await this.instances.update(
      id,
      parseBody(updateInstanceSchema, body),
      actorOf(req.principal!),
    );
    markAudited(req);
    return view;
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Delete an instance with its cursor and run history (its items and dead letters stay)',
  })
  async remove(@Param('id') id: string, @Req() req: AuthedRequest): Promise<InstanceView> {
    const view = await this.instances.remove(id, actorOf(req.principal!));
    markAudited(req);
    return view;
  }

  @Get(':id/runs')
  @ApiOperation({ summary: 'Run history, newest first; `nextCursor` pages on' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  runs(
    @Param('id') id: string,
    @Query() query: unknown,
  ): Promise<{ runs: RunView[]; nextCursor: string | null }> {
    return this.instances.runs(id, parseBody(pageQuerySchema, query));
  }
}
