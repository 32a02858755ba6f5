import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { RuleSetService, type RuleSetVersion } from '@minsheng/routing/rule-sets';
import { type RuleSetDocument } from '@minsheng/routing/rules';
import { AuditRepository, type AuditRow } from '@minsheng/shared/audit';
import { changesNothing, markAudited } from '../audit/audit.interceptor';
import { actorOf, type AuthedRequest } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ApiError } from '../common/api-error';
import { parseBody } from '../common/parse-body';
import { fieldErrors, ruleSetError, type RuleSetFieldError } from './rule-set-errors';
import { auditQuerySchema, newDraftSchema, simulateSchema, updateDraftSchema } from './rule-set.schemas';
import { SimulationService, type SimulationReport } from './simulation.service';
import { versionParam } from './version-param';

const documentBody = {
  type: 'object',
  description: 'a rule-set document {rules: [...]} (JSON Schema: GET /schemas)',
  properties: { rules: { type: 'array', items: { type: 'object' } } },
  required: ['rules'],
};

@ApiTags('rule-sets')
@Controller('api/v1/rule-sets')
@Roles('admin')
export class RuleSetsController {
  constructor(
    private readonly ruleSets: RuleSetService,
    private readonly simulation: SimulationService,
    private readonly auditLog: AuditRepository,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every version, newest first, with its status (draft, published, archived)' })
  list(): Promise<RuleSetVersion[]> {
    return this.ruleSets.history();
  }

  @Get('audit')
  @ApiOperation({ summary: 'Who drafted, changed, published and rolled back which version, newest first' })
  @ApiQuery({ name: 'version', required: false })
  @ApiQuery({ name: 'limit', required: false })
  audit(@Query() query: unknown): Promise<AuditRow[]> {
    const q = parseBody(auditQuerySchema, query);
    return this.auditLog.find({
      entities: ['rule_set'],
      entityId: q.version === undefined ? undefined : String(q.version),
      limit: q.limit,
    });
  }

  @Get(':version')
  @ApiOperation({ summary: 'One version: its status and document' })
  @ApiParam({ name: 'version', type: Number })
  async get(@Param('version') param: string): Promise<RuleSetVersion & { document: RuleSetDocument }> {
    const version = versionParam(param);
    const meta = (await this.ruleSets.history()).find((v) => v.version === version);
    if (!meta) throw new ApiError('not_found', `no rule set version ${version}`, HttpStatus.NOT_FOUND);
    return { ...meta, document: await this.ruleSets.document(version).catch(ruleSetError) };
  }

  @Post()
  @ApiOperation({
    summary:
      'Create a draft from a document, as a copy of a version, or empty; 422 with errors per rule and field',
  })
  @ApiBody({ schema: z.toJSONSchema(newDraftSchema, { io: 'input' }) as object })
  async create(@Body() body: unknown, @Req() req: AuthedRequest): Promise<{ version: number }> {
    const spec = parseBody(newDraftSchema, body ?? {});
    const document = spec.copyFrom
      ? await this.ruleSets.document(spec.copyFrom).catch(ruleSetError)
      : (spec.document ?? { rules: [] });
    const note = spec.note ?? (spec.copyFrom ? `copy of version ${spec.copyFrom}` : undefined);
    const version = await this.ruleSets
      .createDraft(document, actorOf(req.principal!), note)
      .catch(ruleSetError);
    markAudited(req);
    return { version };
  }

  @Put(':version')
  @ApiOperation({
    summary: 'Replace the document of a draft (published and archived versions do not change)',
  })
  @ApiParam({ name: 'version', type: Number })
  @ApiBody({ schema: z.toJSONSchema(updateDraftSchema, { io: 'input' }) as object })
  async update(
    @Param('version') param: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
  ): Promise<{ version: number }> {
    const version = versionParam(param);
    const spec = parseBody(updateDraftSchema, body);
    await this.ruleSets
      .updateDraft(version, spec.document, actorOf(req.principal!), spec.note)
      .catch(ruleSetError);
    markAudited(req);
    return { version };
  }

  @Post('validate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Check a document without storing it: errors per rule and field (unknown department, unsafe regex…)',
  })
  @ApiBody({ schema: documentBody })
  async validate(
    @Body() body: unknown,
    @Req() req: AuthedRequest,
  ): Promise<{ ok: boolean; rules: number; errors: RuleSetFieldError[] }> {
    changesNothing(req);
    const checked = await this.ruleSets.validate(body);
    return checked.ok
      ? { ok: true, rules: checked.ruleSet.rules.length, errors: [] }
      : { ok: false, rules: 0, errors: fieldErrors(checked.errors) };
  }

  @Post(':version/simulate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Route stored items with this version and with the published one, in-process; report what would change',
  })
  @ApiParam({ name: 'version', type: Number })
  @ApiBody({ schema: z.toJSONSchema(simulateSchema, { io: 'input' }) as object, required: false })
  simulate(
    @Param('version') param: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
  ): Promise<SimulationReport> {
    const version = versionParam(param);
    const spec = parseBody(simulateSchema, body ?? {});
    changesNothing(req);
    return this.simulation.simulate(version, spec).catch(ruleSetError);
  }

  @Post(':version/publish')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Publish a draft; routers pick it up within RULES_RELOAD_MS. 422 if it does not validate',
  })
  @ApiParam({ name: 'version', type: Number })
  async publish(@Param('version') param: string, @Req() req: AuthedRequest): Promise<RuleSetVersion> {
    return this.transition(versionParam(param), 'draft', req);
  }

  @Post(':version/rollback')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Publish an earlier (archived) version again; the current one is archived' })
  @ApiParam({ name: 'version', type: Number })
  async rollback(@Param('version') param: string, @Req() req: AuthedRequest): Promise<RuleSetVersion> {
    return this.transition(versionParam(param), 'archived', req);
  }

  /** Publish and rollback are one operation of the service; the route says which status the caller expects. */
  private async transition(
    version: number,
    from: 'draft' | 'archived',
    req: AuthedRequest,
  ): Promise<RuleSetVersion> {
    const current = (await this.ruleSets.history()).find((v) => v.version === version);
    if (!current) throw new ApiError('not_found', `no rule set version ${version}`, HttpStatus.NOT_FOUND);
    if (current.status !== from)
      throw new ApiError(
        from === 'draft' ? 'not_a_draft' : 'not_archived',
        `version ${version} is ${current.status}; ${from === 'draft' ? 'publish takes a draft (use rollback for an archived version)' : 'rollback takes an archived version'}`,
        HttpStatus.CONFLICT,
      );
    await this.ruleSets.publish(version, actorOf(req.principal!)).catch(ruleSetError);
    markAudited(req);
    const after = await this.ruleSets.history();
    return after.find((v) => v.version === version)!;
  }
}
