import { HttpStatus } from '@nestjs/common';
import { RuleSetLifecycleError } from '@minsheng/routing/rule-sets';
import { type RuleSetError, RuleSetValidationError } from '@minsheng/routing/rules';
import { ApiError } from '../common/api-error';

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

const LIFECYCLE_STATUS: Record<RuleSetLifecycleError['code'], HttpStatus> = {
  not_found: HttpStatus.NOT_FOUND,
  not_a_draft: HttpStatus.CONFLICT,
  already_published: HttpStatus.CONFLICT,
};

/** The rule-set service's errors as the gateway's error body; anything else is rethrown unchanged. */
export function ruleSetError(e: unknown): never {
  if (e instanceof RuleSetValidationError)
    throw new ApiError(
      'invalid_rule_set',
      `the rule set has ${e.errors.length} error(s); see errors`,
      HttpStatus.UNPROCESSABLE_ENTITY,
      ruleSetErrorsBody(e.errors),
    );
  if (e instanceof RuleSetLifecycleError) throw new ApiError(e.code, e.message, LIFECYCLE_STATUS[e.code]);
  throw e;
}
