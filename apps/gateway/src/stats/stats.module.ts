import { Module } from '@nestjs/common';
import { StatsRepository } from '@minsheng/routing/stats';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

/** 亮晒比 as the API shows it; the rollups are kept by triggers and folded by the router (decision 035). */
@Module({ controllers: [StatsController], providers: [StatsRepository, StatsService] })
export class StatsModule {}
