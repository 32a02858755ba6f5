import type { FormInstance } from 'antd';
import { ApiFailure } from '../api/client';

/**
 * Puts a refused change's errors under the form fields they name: the gateway's `errors[]` (zod, by dot path) or
 * an `unknown_division`-style message that starts with the field's name. Answers whether any field took one.
 */
export function showFieldErrors(form: FormInstance, error: unknown, fields: string[]): boolean {
  if (!(error instanceof ApiFailure)) return false;
  const listed = Array.isArray(error.body.errors)
    ? (error.body.errors as { field?: string; message: string }[])
    : [{ field: error.message.split(':')[0], message: error.message }];
  const shown = listed
    .map((e) => ({ name: fields.find((f) => (e.field ?? '').split('.').pop() === f), message: e.message }))
    .filter((e): e is { name: string; message: string } => e.name !== undefined);
  form.setFields(shown.map((e) => ({ name: e.name, errors: [e.message] })));
  return shown.length > 0;
}
