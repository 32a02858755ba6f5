import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger, PinoNestLogger } from '@minsheng/shared/logging';
import { runApp } from '@minsheng/shared/runtime';
import { ConnectorsModule } from './connectors.module';

void runApp('connectors', () =>
  NestFactory.createApplicationContext(ConnectorsModule, {
    logger: new PinoNestLogger(createLogger('connectors')),
  }),
);
