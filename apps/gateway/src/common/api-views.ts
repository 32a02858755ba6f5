import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';

/** The zod views handlers return, by component name; docs/openapi.json lists each under components/schemas. */
const views = z.registry<{ id: string }>();

/** Names a view: its JSON Schema becomes an OpenAPI component, and other views that hold it refer to it. */
export function view<S extends z.ZodType>(id: string, schema: S): S {
  views.add(schema, { id });
  return schema;
}

const COMPONENTS = '#/components/schemas/';
const DESCRIPTION = { 200: 'OK', 201: 'Created', 202: 'Accepted' } as const;

function refTo(schema: z.ZodType): Record<string, unknown> {
  const named = views.get(schema);
  if (named) return { $ref: `${COMPONENTS}${named.id}` };
  if (schema instanceof z.ZodArray) return { type: 'array', items: refTo(schema.element as z.ZodType) };
  throw new Error('a response schema must be a named view (view(id, schema)) or an array of one');
}

/**
 * The 2xx answer of an operation: its status and the view the handler returns (the handler's return type is the
 * view's z.infer, so the document cannot promise what the code does not return).
 */
export function ApiView(
  schema: z.ZodType,
  status: HttpStatus.OK | HttpStatus.CREATED | HttpStatus.ACCEPTED = HttpStatus.OK,
  description?: string,
): MethodDecorator {
  return applyDecorators(
    ApiResponse({ status, description: description ?? DESCRIPTION[status], schema: refTo(schema) }),
  );
}

/** Every named view as a component schema, with references between them (OpenAPI 3.0 dialect: `nullable`). */
export function viewComponents(): Record<string, Record<string, unknown>> {
  const { schemas } = z.toJSONSchema(views, {
    uri: (id) => `${COMPONENTS}${id}`,
    io: 'output',
    target: 'openapi-3.0',
    unrepresentable: 'any',
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, s]) => {
      const component = { ...s } as Record<string, unknown>;
      delete component.$schema;
      delete component.$id;
      return [id, component];
    }),
  );
}
