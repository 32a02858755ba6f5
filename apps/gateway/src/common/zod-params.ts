import { Body, Param, Query } from '@nestjs/common';
import { ApiBody, ApiParam } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiQueryFrom } from './api-query';
import { ZodPipe } from './zod-pipe';

/** Applies a method decorator from a parameter decorator, so one annotation both validates and documents. */
function onMethod(target: object, key: string | symbol | undefined, decorator: MethodDecorator): void {
  if (key === undefined) throw new Error('zod parameter decorators belong on handler parameters');
  decorator(target, key, Object.getOwnPropertyDescriptor(target, key)!);
}

const inputSchema = (s: z.ZodType): Record<string, unknown> => {
  const json = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
};

/**
 * The request body, validated by the schema (400 invalid_request naming each field) and documented as the
 * operation's request body. `required: false`: an absent body is validated as {}.
 */
export function ZodBody(schema: z.ZodType, options: { required?: boolean } = {}): ParameterDecorator {
  const required = options.required ?? true;
  return (target, key, index) => {
    Body(new ZodPipe(schema, required ? undefined : {}))(target, key, index);
    onMethod(target, key, ApiBody({ schema: inputSchema(schema), required }));
  };
}

/** The query string as one object validated by the schema; each of its fields is documented as a parameter. */
export function ZodQuery(schema: z.ZodObject): ParameterDecorator {
  return (target, key, index) => {
    Query(new ZodPipe(schema))(target, key, index);
    onMethod(target, key, ApiQueryFrom(schema));
  };
}

/** One path parameter, validated by the schema and documented with its input type. */
export function ZodParam(name: string, schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    Param(name, new ZodPipe(schema))(target, key, index);
    onMethod(target, key, ApiParam({ name, schema: inputSchema(schema) }));
  };
}

/** Every path parameter as one object validated by the schema (for keys made of several parameters). */
export function ZodParams(schema: z.ZodObject): ParameterDecorator {
  return (target, key, index) => {
    Param(new ZodPipe(schema))(target, key, index);
    for (const [name, field] of Object.entries(schema.shape))
      onMethod(target, key, ApiParam({ name, schema: inputSchema(field as z.ZodType) }));
  };
}
