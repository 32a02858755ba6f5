import { type z } from 'zod';

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** Zod issues as "path: message" lines, the form dead letters, quarantined records and HTTP errors all carry. */
export function issueLines(error: z.ZodError, root = '(root)'): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : root}: ${i.message}`);
}

/** Zod issues as {field, message} pairs, the field a dot path under `prefix` (a form shows them beside the field). */
export function fieldIssues(error: z.ZodError, prefix = ''): { field: string; message: string }[] {
  return error.issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(config)',
    message: i.message,
  }));
}

export function validate<S extends z.ZodType>(schema: S, input: unknown): Validation<z.infer<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: issueLines(result.error) };
}
