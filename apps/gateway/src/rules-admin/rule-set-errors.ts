import { type RuleSetError } from '@minsheng/routing/rules';

/** One error of a rule-set document as the API shows it: which rule, which field, why. */
export interface RuleSetFieldError {
  ruleId: string | null;
  /** Path in the document, e.g. rules[3].when.all[0].regex. */
  field: string;
  code: string;
  message: string;
}

export function fieldErrors(errors: readonly RuleSetError[]): RuleSetFieldError[] {
  return errors.map((e) => ({ ruleId: e.ruleId ?? null, field: e.path, code: e.code, message: e.message }));
}

export function ruleSetErrorsBody(errors: readonly RuleSetError[]): { errors: RuleSetFieldError[] } {
  return { errors: fieldErrors(errors) };
}
