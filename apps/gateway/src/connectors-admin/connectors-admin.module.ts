import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@minsheng/shared/runtime';
import { SecretBox, secretBoxOf } from '@minsheng/shared/secrets';
import { ConnectorCatalog } from './connector-catalog';
import { ConnectorControlController } from './connector-control.controller';
import { ConnectorControlService } from './connector-control.service';
import { ConnectorInstancesService } from './connector-instances.service';
import { ConnectorTypesController } from './connector-types.controller';
import { ConnectorsController } from './connectors.controller';
import { DeadLettersController } from './dead-letters.controller';
import { DeadLettersService } from './dead-letters.service';
import { InstanceStore } from './instance-store';
import { LiveCheck } from './live-check';
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
    { provide: SecretBox, useFactory: (c: AppConfig) => secretBoxOf(c), inject: [APP_CONFIG] },
    { provide: ConnectorCatalog, useFactory: () => new ConnectorCatalog() },
    LiveCheck,
    InstanceStore,
    ConnectorInstancesService,
    ConnectorControlService,
    DeadLettersService,
    PushChannelsService,
  ],
})
export class ConnectorsAdminModule {}
