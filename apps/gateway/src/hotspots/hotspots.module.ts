import { Module } from '@nestjs/common';
import { HotspotsRepository } from '@minsheng/routing/hotspots';
import { HotspotsController } from './hotspots.controller';

/** 热点 as the API shows them; detection itself runs in the router. */
@Module({ controllers: [HotspotsController], providers: [HotspotsRepository] })
export class HotspotsModule {}
