import { Module } from '@nestjs/common';
import { ModelService, ModelVersionsRepository, TrainingDataRepository } from '@minsheng/routing/models';
import { RuleSetsRepository } from '@minsheng/routing/rule-sets';
import { AuditRepository } from '@minsheng/shared/audit';
import { ModelControlService } from './model-control.service';
import { ModelsController } from './models.controller';

/** Learned routing models as admins manage them; training and simulation are asked of the router. */
@Module({
  controllers: [ModelsController],
  providers: [
    ModelControlService,
    ModelService,
    ModelVersionsRepository,
    TrainingDataRepository,
    RuleSetsRepository,
    AuditRepository,
  ],
})
export class ModelsAdminModule {}
