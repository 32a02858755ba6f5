import { Controller, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ModelService, modelVersionSummary, type ModelVersionSummary } from '@minsheng/routing/models';
import { RuleSetsRepository } from '@minsheng/routing/rule-sets';
import { AuditRepository } from '@minsheng/shared/audit';
import { Audited, NoAudit } from '../audit/audited.decorator';
import { Caller } from '../auth/caller.decorator';
import { actorOf, type Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ApiView } from '../common/api-views';
import { auditEntryView } from '../common/common.views';
import { ZodBody, ZodParam } from '../common/zod-params';
import { ControlPlaneResponses } from '../control/control-plane-responses';
import { ModelControlService } from './model-control.service';
import { modelSimulateSchema, thresholdsSchema, versionParamSchema } from './model.schemas';
import {
  modelSimulationReportView,
  modelVersionView,
  trainedModelView,
  withdrawnModelView,
} from './model.views';

const versionParam = () => ApiParam({ name: 'version', type: String, example: 'tm-1a2b3c4d' });

/**
 * Learned routing models, versioned like rule sets (docs/decisions/018-learned-routing.md): trained from decided
 * tickets on a schedule or here on demand, simulated, published, rolled back, with thresholds an admin sets.
 */
@ApiTags('models')
@Controller('api/v1/models')
@Roles('admin')
export class ModelsController {
  constructor(
    private readonly models: ModelService,
    private readonly control: ModelControlService,
    private readonly ruleSets: RuleSetsRepository,
    private readonly auditLog: AuditRepository,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Model versions, newest first, with window, counts and cross-validated figures' })
  @ApiView(z.array(modelVersionView))
  async list(): Promise<ModelVersionSummary[]> {
    return (await this.models.history()).map(modelVersionSummary);
  }

  @Get('audit')
  @ApiOperation({ summary: 'Who trained, published, rolled back, withdrew and re-thresholded which model' })
  @ApiView(z.array(auditEntryView))
  audit(): Promise<z.infer<typeof auditEntryView>[]> {
    return this.auditLog.find({ entities: ['model'], limit: 200 });
  }

  @Post('train')
  @ApiOperation({
    summary:
      'Train a candidate now from the decided tickets (in a router, on a worker thread); 422 with too few examples',
  })
  @ControlPlaneResponses('router')
  @Audited('by-service')
  @ApiView(trainedModelView, HttpStatus.CREATED)
  train(@Caller() caller: Principal): Promise<z.infer<typeof trainedModelView>> {
    return this.control.train(actorOf(caller));
  }

  @Post('withdraw')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Stop using the published model: the rules alone route again' })
  @Audited('by-service')
  @ApiView(withdrawnModelView)
  async withdraw(@Caller() caller: Principal): Promise<z.infer<typeof withdrawnModelView>> {
    return { withdrawn: (await this.models.withdraw(actorOf(caller)))! };
  }

  @Get(':version')
  @ApiOperation({ summary: 'One model version' })
  @versionParam()
  @ApiView(modelVersionView)
  async get(@ZodParam('version', versionParamSchema) version: string): Promise<ModelVersionSummary> {
    return modelVersionSummary(await this.models.find(version));
  }

  @Post(':version/simulate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'What would change if this model were published: stored items routed with it and with the published one',
  })
  @versionParam()
  @ControlPlaneResponses('router')
  @NoAudit()
  @ApiView(modelSimulationReportView)
  simulate(
    @ZodParam('version', versionParamSchema) version: string,
    @ZodBody(modelSimulateSchema, { required: false }) spec: z.infer<typeof modelSimulateSchema>,
  ): Promise<z.infer<typeof modelSimulationReportView>> {
    return this.control.simulate(version, spec);
  }

  @Post(':version/publish')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Publish a candidate, or an archived version again (rollback); routers use it within RULES_RELOAD_MS',
  })
  @versionParam()
  @Audited('by-service')
  @ApiView(modelVersionView)
  async publish(
    @ZodParam('version', versionParamSchema) version: string,
    @Caller() caller: Principal,
  ): Promise<ModelVersionSummary> {
    return modelVersionSummary(await this.models.publish(version, actorOf(caller)));
  }

  @Put(':version/thresholds')
  @ApiOperation({
    summary:
      'Set the confidence at or above which this model routes an item no rule decides (global, per department)',
  })
  @versionParam()
  @Audited('by-service')
  @ApiView(modelVersionView)
  async thresholds(
    @ZodParam('version', versionParamSchema) version: string,
    @ZodBody(thresholdsSchema) spec: z.infer<typeof thresholdsSchema>,
    @Caller() caller: Principal,
  ): Promise<ModelVersionSummary> {
    const departments = await this.ruleSets.departmentCodes();
    return modelVersionSummary(await this.models.setThresholds(version, spec, actorOf(caller), departments));
  }
}
