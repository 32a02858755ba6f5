import { Module } from '@nestjs/common';
import { ConnectorInstancesRepository, PushChannelsRepository } from '@minsheng/shared/connectors-store';
import { IngestRepository } from '@minsheng/shared/ingest';
import { PushIntakeController } from './push-intake.controller';
import { PushIntakeService } from './push-intake.service';

/** Channels that push (WeChat mini-programs, new-media accounts): POST /intake/:channel. */
@Module({
  controllers: [PushIntakeController],
  providers: [PushIntakeService, IngestRepository, ConnectorInstancesRepository, PushChannelsRepository],
})
export class IntakeModule {}
