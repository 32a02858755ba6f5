import type { FormInstance } from 'antd';
import { ApiFailure } from '../api/client';

export interface FieldError {
  field?: string;
  message: string;
}

/** Settings the channel form holds beside the config; every other field the API names is a config field. */
const TOP_LEVEL = new Set(['id', 'name', 'schedule', 'enabled']);

/** The form item an API field path ("config.selectors.row", "schedule") names. */
export function formName(field: string): string[] {
  const path = field.replace(/^config\./, '');
  return TOP_LEVEL.has(field) ? [field] : ['config', ...path.split('.')];
}

/** The per-field errors of a refused save (400 invalid_config and body validation list them in `errors`). */
export function apiFieldErrors(error: unknown): FieldError[] {
  if (!(error instanceof ApiFailure) || !Array.isArray(error.body.errors)) return [];
  return error.body.errors as FieldError[];
}

/** Puts each error that names a field under that field of the channel form. */
export function showConfigErrors(form: FormInstance, errors: FieldError[]): void {
  form.setFields(
    errors
      .filter((e): e is Required<FieldError> => !!e.field)
      .map((e) => ({ name: formName(e.field), errors: [e.message] })),
  );
}
