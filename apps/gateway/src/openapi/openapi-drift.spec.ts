import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { GatewayModule } from '../gateway.module';
import { buildOpenApiDocument, renderOpenApi } from './openapi-document';

const COMMITTED = join(__dirname, '..', '..', '..', '..', 'docs', 'openapi.json');

describe('docs/openapi.json', () => {
  it('is what the code generates (run `npm run openapi` after changing a route)', async () => {
    const app = await NestFactory.create(GatewayModule, {
      preview: true,
      logger: false,
      abortOnError: false,
    });
    const generated = renderOpenApi(buildOpenApiDocument(app));
    await app.close();
    expect(readFileSync(COMMITTED, 'utf8')).toBe(generated);
  });

  it('gives every operation a role or marks it public', () => {
    const doc = JSON.parse(readFileSync(COMMITTED, 'utf8')) as {
      paths: Record<string, Record<string, { 'x-roles'?: string[]; 'x-public'?: boolean }>>;
    };
    const undeclared = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => !op['x-public'] && !op['x-roles']?.length)
        .map(([method]) => `${method} ${path}`),
    );
    expect(undeclared).toEqual([]);
  });
});
