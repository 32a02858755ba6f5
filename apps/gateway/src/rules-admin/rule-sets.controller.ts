import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { RuleSetService, type RuleSetVersion } from '@minsheng/routing/rule-sets';
import { AuditRepository } from '@minsheng/shared/audit';
import { Audited, NoAudit } from '../audit/audited.decorator';
import { Caller } from '../auth/caller.decorator';
import { actorOf, type Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ControlPlaneResponses } from '../control/control-plane-responses';
import { Conflict, NotFound } from '../common/domain-error';
import { ZodBody, ZodQuery } from '../common/zod-params';
import { fieldErrors } from './rule-set-errors';
import { auditQuerySchema, newDraftSchema, simulateSchema, updateDraftSchema } from './rule-set.schemas';
import { SimulationService } from './simulation.service';
import { VersionPipe } from './version-param';
import { ApiView } from '../common/api-views';
import { auditEntryView } from '../common/common.views';
import {
  ruleSetRefView,
  ruleSetValidationView,
  ruleSetVersionView,
  ruleSetWithDocumentView,
  simulationReportView,
} from './rule-set.views';

type Version = z.infer<typeof ruleSetVersionView>;

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
  @ApiView(z.array(ruleSetVersionView))
  list(): Promise<Version[]> {
    return this.ruleSets.history();
  }

  @Get('audit')
  @ApiOperation({ summary: 'Who drafted, changed, published and rolled back which version, newest first' })
  @ApiView(z.array(auditEntryView))
  audit(
    @ZodQuery(auditQuerySchema) q: z.infer<typeof auditQuerySchema>,
  ): Promise<z.infer<typeof auditEntryView>[]> {
    return this.auditLog.find({
      entities: ['rule_set'],
      entityId: q.version === undefined ? undefined : String(q.version),
      limit: q.limit,
    });
  }

  @Get(':version')
  @ApiOperation({ summary: 'One version: its status and document' })
  @ApiParam({ name: 'version', type: Number })
  @ApiView(ruleSetWithDocumentView)
  async get(
    @Param('version', VersionPipe) version: number,
  ): Promise<z.infer<typeof ruleSetWithDocumentView>> {
    const meta = (await this.ruleSets.history()).find((v) => v.version === version);
    if (!meta) throw new NotFound(`no rule set version ${version}`);
    return { ...meta, document: await this.ruleSets.document(version) };
  }

  @Post()
  @ApiOperation({
    summary:
      'Create a draft from a document, as a copy of a version, or empty; 422 with errors per rule and field',
  })
  @Audited('by-service')
  @ApiView(ruleSetRefView, HttpStatus.CREATED)
  async create(
    @ZodBody(newDraftSchema, { required: false }) spec: z.infer<typeof newDraftSchema>,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof ruleSetRefView>> {
    const document = spec.copyFrom
      ? await this.ruleSets.document(spec.copyFrom)
      : (spec.document ?? { rules: [] });
    const note = spec.note ?? (spec.copyFrom ? `copy of version ${spec.copyFrom}` : undefined);
    const version = await this.ruleSets.createDraft(document, actorOf(caller), note);
    return { version };
  }

  @Put(':version')
  @ApiOperation({
    summary: 'Replace the document of a draft (published and archived versions do not change)',
  })
  @ApiParam({ name: 'version', type: Number })
  @Audited('by-service')
  @ApiView(ruleSetRefView)
  async update(
    @Param('version', VersionPipe) version: number,
    @ZodBody(updateDraftSchema) spec: z.infer<typeof updateDraftSchema>,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof ruleSetRefView>> {
    await this.ruleSets.updateDraft(version, spec.document, actorOf(caller), spec.note);
    return { version };
  }

  @Post('validate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Check a document without storing it: errors per rule and field (unknown department, unsafe regex…)',
  })
  @ApiBody({ schema: documentBody })
  @NoAudit()
  @ApiView(ruleSetValidationView)
  async validate(@Body() body: unknown): Promise<z.infer<typeof ruleSetValidationView>> {
    const checked = await this.ruleSets.validate(body);
    return checked.ok
      ? { ok: true, rules: checked.ruleSet.rules.length, errors: [] }
      : { ok: false, rules: 0, errors: fieldErrors(checked.errors) };
  }

  @Post(':version/simulate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Route stored items with this version and with the published one, in the router; report what would change',
  })
  @ApiParam({ name: 'version', type: Number })
  @ControlPlaneResponses('router')
  @NoAudit()
  @ApiView(simulationReportView)
  simulate(
    @Param('version', VersionPipe) version: number,
    @ZodBody(simulateSchema, { required: false }) spec: z.infer<typeof simulateSchema>,
  ): Promise<z.infer<typeof simulationReportView>> {
    return this.simulation.simulate(version, spec);
  }

  @Post(':version/publish')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Publish a draft; routers pick it up within RULES_RELOAD_MS. 422 if it does not validate',
  })
  @ApiParam({ name: 'version', type: Number })
  @Audited('by-service')
  @ApiView(ruleSetVersionView)
  async publish(
    @Param('version', VersionPipe) version: number,
    @Caller() caller: Principal,
  ): Promise<Version> {
    return this.transition(version, 'draft', caller);
  }

  @Post(':version/rollback')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Publish an earlier (archived) version again; the current one is archived' })
  @ApiParam({ name: 'version', type: Number })
  @Audited('by-service')
  @ApiView(ruleSetVersionView)
  async rollback(
    @Param('version', VersionPipe) version: number,
    @Caller() caller: Principal,
  ): Promise<Version> {
    return this.transition(version, 'archived', caller);
  }

  /** Publish and rollback are one operation of the service; the route says which status the caller expects. */
  private async transition(
    version: number,
    from: 'draft' | 'archived',
    caller: Principal,
  ): Promise<RuleSetVersion> {
    const current = (await this.ruleSets.history()).find((v) => v.version === version);
    if (!current) throw new NotFound(`no rule set version ${version}`);
    if (current.status !== from)
      throw new Conflict(
        `version ${version} is ${current.status}; ${from === 'draft' ? 'publish takes a draft (use rollback for an archived version)' : 'rollback takes an archived version'}`,
        from === 'draft' ? 'not_a_draft' : 'not_archived',
      );
    await this.ruleSets.publish(version, actorOf(caller));
    const after = await this.ruleSets.history();
    return after.find((v) => v.version === version)!;
  }
}
