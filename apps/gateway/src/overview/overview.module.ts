import { Module } from '@nestjs/common';
import { OverviewController } from './overview.controller';
import { OverviewRepository } from './overview.repository';

/** 总览: aggregate figures read from PostgreSQL for the console's overview page. */
@Module({ controllers: [OverviewController], providers: [OverviewRepository] })
export class OverviewModule {}
