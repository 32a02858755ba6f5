import { Module } from '@nestjs/common';
import { AuditRepository } from '@minsheng/shared/audit';
import { ConnectorInstancesRepository, PushChannelsRepository } from '@minsheng/shared/connectors-store';
import { DeadLettersRepository } from '@minsheng/shared/ingest';
import { ChannelOwners } from './channel-owners';
import { ConnectorCatalog } from './connector-catalog';
import { ConnectorControlController } from './connector-control.controller';
import { ConnectorControlService } from './connector-control.service';
import { ConnectorInstancesService } from './connector-instances.service';
import { ConnectorTypesController } from './connector-types.controller';
import { ConnectorsController } from './connectors.controller';
import { DeadLettersController } from './dead-letters.controller';
import { DeadLettersService } from './dead-letters.service';
import { InstanceStore } from './instance-store';
import { PushChannelsController } from './push-channels.controller';
import { PushChannelsService } from './push-channels.service';

/** The operator API for connectors, push channels and dead letters (issue 5, item 2). */
@Module({
  controllers: [
    ConnectorTypesController,
    ConnectorsController,
    ConnectorControlController,
    DeadLettersController,
    PushChannelsController,
  ],
  providers: [
    { provide: ConnectorCatalog, useFactory: () => new ConnectorCatalog() },
    ConnectorInstancesRepository,
    PushChannelsRepository,
    DeadLettersRepository,
    AuditRepository,
    InstanceStore,
    ChannelOwners,
    ConnectorInstancesService,
    ConnectorControlService,
    DeadLettersService,
    PushChannelsService,
  ],
})
export class ConnectorsAdminModule {}
