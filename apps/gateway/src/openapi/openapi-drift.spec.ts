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

  it('says how every mutating operation reached with a key is audited (or that it changes nothing)', () => {
    const doc = JSON.parse(readFileSync(COMMITTED, 'utf8')) as {
      paths: Record<string, Record<string, { 'x-public'?: boolean; 'x-audit'?: string }>>;
    };
    const mutating = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method, op]) => ['post', 'put', 'patch', 'delete'].includes(method) && !op['x-public'])
        .map(([method, op]) => ({ operation: `${method} ${path}`, audit: op['x-audit'] })),
    );
    expect(mutating.length).toBeGreaterThan(30);
    expect(mutating.filter((m) => !['interceptor', 'service', 'none'].includes(m.audit ?? ''))).toEqual([]);
  });

  it('declares a 2xx response schema for every operation (generated clients get types, not unknown)', () => {
    const doc = JSON.parse(readFileSync(COMMITTED, 'utf8')) as {
      paths: Record<
        string,
        Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>
      >;
    };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        operation: `${method} ${path}`,
        responses: op.responses ?? {},
      })),
    );
    const withSchema = (responses: Record<string, { content?: Record<string, unknown> }>) =>
      Object.entries(responses).some(
        ([status, r]) =>
          /^2\d\d$/.test(status) &&
          Object.values(r.content ?? {}).some((c) => !!(c as { schema?: unknown }).schema),
      );
    const missing = operations.filter((o) => !withSchema(o.responses)).map((o) => o.operation);
    expect(operations.length).toBeGreaterThan(70);
    expect(missing).toEqual([]);
  });
});
