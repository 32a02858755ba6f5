import { Module } from '@nestjs/common';
import { AuditRepository } from '@minsheng/shared/audit';
import { ConnectorInstancesRepository } from '@minsheng/shared/connectors-store';
import { IngestRepository } from '@minsheng/shared/ingest';
import {
  CalendarRepository,
  CalendarService,
  RuleSetService,
  RuleSetsRepository,
} from '@minsheng/routing/rule-sets';
import { ReferenceDataRepository } from '@minsheng/routing';
import { DATA_SOURCE } from '@minsheng/shared/runtime';
import { type DataSource } from 'typeorm';
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
    ConnectorInstancesRepository,
    IngestRepository,
    RuleSetsRepository,
    RuleSetService,
    CalendarRepository,
    CalendarService,
    // The default routing policy, as the router's.
    {
      provide: ReferenceDataRepository,
      inject: [DATA_SOURCE],
      useFactory: (db: DataSource) => new ReferenceDataRepository(db),
    },
  ],
})
export class RulesAdminModule {}
