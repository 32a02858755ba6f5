import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@minsheng/shared/config';
import { createLogger, PinoNestLogger } from '@minsheng/shared/logging';
import { runApp } from '@minsheng/shared/runtime';
import { GatewayModule } from './gateway.module';

void runApp('gateway', async () => {
  const config = loadConfig();
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule, {
    logger: new PinoNestLogger(logger),
    rawBody: true,
  });
  app.useBodyParser('json', { limit: '1mb' });
  await app.listen(config.GATEWAY_PORT, config.GATEWAY_HOST);
  logger.info({ url: await app.getUrl() }, 'gateway listening');
  return app;
});
