import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { Open311Controller } from './open311.controller';
import { Open311Repository } from './open311.repository';
import { Open311Service } from './open311.service';

/** Open311 GeoReport v2 (read side) under /open311: service discovery, services, requests. */
@Module({
  imports: [AttachmentsModule],
  controllers: [Open311Controller],
  providers: [Open311Service, Open311Repository],
})
export class Open311Module {}
