import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';

/** One OpenAPI query parameter per field of the zod schema the handler validates its query with. */
export function ApiQueryFrom(schema: z.ZodObject): MethodDecorator {
  return applyDecorators(
    ...Object.entries(schema.shape).map(([name, field]) => {
      const json = z.toJSONSchema(field as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Record<
        string,
        unknown
      >;
      const { description, ...rest } = json;
      delete rest.$schema;
      return ApiQuery({
        name,
        required: !(field as z.ZodType).safeParse(undefined).success,
        description: description as string | undefined,
        schema: rest,
      });
    }),
  );
}
