import { Module } from '@nestjs/common';
import { SupervisionRepository } from '@minsheng/routing/supervision';
import { SupervisionController } from './supervision.controller';

/** 督办 as the API shows it; the watch itself runs in the router. */
@Module({ controllers: [SupervisionController], providers: [SupervisionRepository] })
export class SupervisionModule {}
