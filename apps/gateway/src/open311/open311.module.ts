import { Module } from '@nestjs/common';
import { Open311Controller } from './open311.controller';
import { Open311Service } from './open311.service';

/** Open311 GeoReport v2 (read side) under /open311: service discovery, services, requests. */
@Module({
  controllers: [Open311Controller],
  providers: [Open311Service],
})
export class Open311Module {}
