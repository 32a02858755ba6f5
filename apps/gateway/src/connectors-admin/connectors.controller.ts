import { Controller, Delete, Get, HttpStatus, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Audited } from '../audit/audited.decorator';
import { Caller } from '../auth/caller.decorator';
import { actorOf, type Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ZodBody, ZodQuery } from '../common/zod-params';
import { createInstanceSchema, pageQuerySchema, updateInstanceSchema } from './admin-schemas';
import { ConnectorInstancesService } from './connector-instances.service';
import { ApiView } from '../common/api-views';
import { type EgressAllow, egressAllowSchema, egressAllowView } from '../common/egress-allow';
import { instanceView, runPageView } from './connector.views';

type Instance = z.infer<typeof instanceView>;

/** Connector instances: what to pull, from where, how often. Secrets are write-only. */
@ApiTags('connectors')
@Roles('operator', 'admin')
@Controller('api/v1/connectors')
export class ConnectorsController {
  constructor(private readonly instances: ConnectorInstancesService) {}

  @Get()
  @ApiOperation({ summary: 'Every instance with its status; secrets show as {"set": true}' })
  @ApiView(z.array(instanceView))
  list(): Promise<Instance[]> {
    return this.instances.list();
  }

  @Post()
  @ApiOperation({
    summary:
      'Create an instance; the connectors process schedules it without a restart. 400 invalid_config lists errors',
  })
  @Audited('by-service')
  @ApiView(instanceView, HttpStatus.CREATED)
  create(
    @ZodBody(createInstanceSchema) spec: z.infer<typeof createInstanceSchema>,
    @Caller() caller: Principal,
  ): Promise<Instance> {
    return this.instances.create(spec, actorOf(caller));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One instance with its status' })
  @ApiView(instanceView)
  get(@Param('id') id: string): Promise<Instance> {
    return this.instances.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change name, config, schedule or enabled; a secret left out keeps the stored one',
  })
  @Audited('by-service')
  @ApiView(instanceView)
  update(
    @Param('id') id: string,
    @ZodBody(updateInstanceSchema) change: z.infer<typeof updateInstanceSchema>,
    @Caller() caller: Principal,
  ): Promise<Instance> {
    return this.instances.update(id, change, actorOf(caller));
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Delete an instance with its cursor and run history (its items and dead letters stay)',
  })
  @Audited('by-service')
  @ApiView(instanceView)
  remove(@Param('id') id: string, @Caller() caller: Principal): Promise<Instance> {
    return this.instances.remove(id, actorOf(caller));
  }

  @Get(':id/egress-allow')
  @ApiOperation({
    summary:
      "The instance's egress allowlist (decision 022); operators may read it, only an admin may change it",
  })
  @ApiView(egressAllowView)
  async getEgressAllow(@Param('id') id: string): Promise<z.infer<typeof egressAllowView>> {
    const { egressAllow } = await this.instances.get(id);
    return { id, egressAllow };
  }

  @Put(':id/egress-allow')
  @Roles('admin')
  @ApiOperation({
    summary: 'Allowlist hosts or CIDRs this instance may reach although they are not public (decision 022)',
    description:
      'Admin only: an operator configures where an instance pulls from, so letting it also lift the egress policy ' +
      'would let it point the hub at the intranet. Replaces the list; applies to pulls and live checks. A host ' +
      'trusts whatever that name resolves to; a CIDR trusts those addresses. No wildcards, nothing wider than /8 or ' +
      '/7: 400 invalid_allowlist. Audited (connector.egress_allow, before and after).',
  })
  @Audited('by-service')
  @ApiView(instanceView)
  setEgressAllow(
    @Param('id') id: string,
    @ZodBody(egressAllowSchema) body: EgressAllow,
    @Caller() caller: Principal,
  ): Promise<Instance> {
    return this.instances.setEgressAllow(id, body.allow, actorOf(caller));
  }

  @Get(':id/runs')
  @ApiOperation({ summary: 'Run history, newest first; `nextCursor` pages on' })
  @ApiView(runPageView)
  runs(
    @Param('id') id: string,
    @ZodQuery(pageQuerySchema) page: z.infer<typeof pageQuerySchema>,
  ): Promise<z.infer<typeof runPageView>> {
    return this.instances.runs(id, page);
  }
}
