import '@minsheng/shared/read-committed';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { loadConfig } from '@minsheng/shared/config';
import { createLogger, PinoNestLogger } from '@minsheng/shared/logging';
import { runApp } from '@minsheng/shared/runtime';
import { consoleStatic } from './console/console-static';
import { GatewayModule } from './gateway.module';
import { PUSH_BODY_CAP_BYTES } from './intake/push-body-cap';
import { buildOpenApiDocument } from './openapi/openapi-document';

void runApp('gateway', async () => {
  const config = loadConfig();
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule, {
    logger: new PinoNestLogger(logger),
    rawBody: true,
  });
  app.useBodyParser('json', { limit: PUSH_BODY_CAP_BYTES });
  app.set('trust proxy', false);
  app.use('/console', consoleStatic());
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
  await app.listen(config.GATEWAY_PORT, config.GATEWAY_HOST);
  logger.info({ url: await app.getUrl() }, 'gateway listening');
  return app;
});
