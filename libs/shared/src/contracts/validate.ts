import { type z } from 'zod';

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** Zod issues as "path: message" lines, the form dead letters, quarantined records and HTTP errors all carry. */
export function issueLines(error: z.ZodError, root = '(root)'): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : root}: ${i.message}`);
}

export function validate<S extends z.ZodType>(schema: S, input: unknown): Validation<z.infer<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: issueLines(result.error) };
}
