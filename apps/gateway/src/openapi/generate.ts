import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { GatewayModule } from '../gateway.module';
import { buildOpenApiDocument, renderOpenApi } from './openapi-document';

/** `npm run openapi`: rewrites docs/openapi.json. Preview mode wires the routes without connecting to anything. */
async function main(): Promise<void> {
  const app = await NestFactory.create(GatewayModule, { preview: true, logger: false, abortOnError: false });
  const target = join(__dirname, '..', '..', '..', '..', '..', 'docs', 'openapi.json');
  writeFileSync(process.argv[2] ?? target, renderOpenApi(buildOpenApiDocument(app)));
  await app.close();
}

void main();
