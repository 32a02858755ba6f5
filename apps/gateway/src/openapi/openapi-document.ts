import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { viewComponents } from '../common/api-views';

/** Built from the controllers' decorators; docs/openapi.json is this, committed, and a test fails when they differ. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Minsheng Hub gateway')
    .setDescription(
      'Operators configure channel connectors, admins edit routing rules, downstream systems read routed tickets. ' +
        'Every route needs an API key (Authorization: Bearer msk_…) except those marked x-public; x-roles lists the ' +
        'roles a route accepts. Errors are always {code, message, correlationId}.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'msk_<id>_<secret>' }, 'apiKey')
    .build();
  const doc = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, ...viewComponents() } };
  return sortKeys(doc) as OpenAPIObject;
}

/** Stable key order so the committed file only changes when the API does. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  return value;
}

export function renderOpenApi(doc: OpenAPIObject): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
