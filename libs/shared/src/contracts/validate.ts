import { type z } from 'zod';

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** Flattens zod issues into "path: message" lines, the form dead letters and HTTP errors both carry. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): Validation<z.infer<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`),
  };
}
