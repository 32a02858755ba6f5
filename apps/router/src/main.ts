import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger, PinoNestLogger } from '@minsheng/shared/logging';
import { runApp } from '@minsheng/shared/runtime';
import { RouterModule } from './router.module';

void runApp('router', () =>
  NestFactory.createApplicationContext(RouterModule, { logger: new PinoNestLogger(createLogger('router')) }),
);
