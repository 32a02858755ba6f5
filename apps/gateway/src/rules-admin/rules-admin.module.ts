import { Module } from '@nestjs/common';
import { AuditRepository } from '@minsheng/shared/audit';
import {
  CalendarRepository,
  CalendarService,
  RuleSetService,
  RuleSetsRepository,
} from '@minsheng/routing/rule-sets';
import { CalendarController } from './calendar.controller';
import { ChannelHintsController } from './channel-hints.controller';
import { DepartmentsController } from './departments.controller';
import { JurisdictionAliasesController } from './jurisdiction-aliases.controller';
import { ReferenceAdminService } from './reference-admin.service';
import { RuleSetsController } from './rule-sets.controller';
import { SimulationService } from './simulation.service';

/** What admins edit to steer routing: rule sets (draft, validate, simulate, publish, roll back) and reference data. */
@Module({
  controllers: [
    RuleSetsController,
    JurisdictionAliasesController,
    ChannelHintsController,
    DepartmentsController,
    CalendarController,
  ],
  providers: [
    ReferenceAdminService,
    SimulationService,
    AuditRepository,
    RuleSetsRepository,
    RuleSetService,
    CalendarRepository,
    CalendarService,
  ],
})
export class RulesAdminModule {}
