import { HttpStatus } from '@nestjs/common';
import { UnknownConnectorTypeError } from '@minsheng/connector-types';
import { CalendarYearError, RuleSetLifecycleError } from '@minsheng/routing/rule-sets';
import { RuleSetValidationError } from '@minsheng/routing/rules';
import { ModelLifecycleError } from '@minsheng/routing/models';
import { ApiKeyError } from '@minsheng/shared/keys';
import { IntakeError, type IntakeErrorCode } from '../intake/intake-error';
import { ruleSetErrorsBody } from '../rules-admin/rule-set-errors';
import { Conflict, Invalid, NotFound } from './domain-error';

/** An error as the client sees it: status, code, message and any extra fields of the body. */
export interface MappedError {
  status: HttpStatus;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;
interface ErrorMapping {
  type: ErrorClass<Error>;
  map: (e: Error) => MappedError;
}

function on<E extends Error>(type: ErrorClass<E>, map: (e: E) => MappedError): ErrorMapping {
  return { type, map: map as (e: Error) => MappedError };
}

const INTAKE_STATUS: Record<IntakeErrorCode, HttpStatus> = {
  bad_signature: HttpStatus.UNAUTHORIZED,
  payload_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  invalid_body: HttpStatus.BAD_REQUEST,
  stale_delivery: HttpStatus.CONFLICT,
  not_owner: HttpStatus.CONFLICT,
};

const RULE_SET_LIFECYCLE_STATUS: Record<RuleSetLifecycleError['code'], HttpStatus> = {
  not_found: HttpStatus.NOT_FOUND,
  not_a_draft: HttpStatus.CONFLICT,
  already_published: HttpStatus.CONFLICT,
};

const MODEL_LIFECYCLE_STATUS: Record<ModelLifecycleError['code'], HttpStatus> = {
  not_found: HttpStatus.NOT_FOUND,
  already_published: HttpStatus.CONFLICT,
  not_enough_examples: HttpStatus.UNPROCESSABLE_ENTITY,
  unknown_department: HttpStatus.UNPROCESSABLE_ENTITY,
  busy: HttpStatus.CONFLICT,
};

/**
 * Every domain error the gateway answers, and its HTTP status: the one place where a domain meets HTTP. Services and
 * libraries throw in their own words; call sites do not catch to translate. The first mapping whose class matches
 * wins, so a subclass goes before its parent.
 */
const MAPPINGS: ErrorMapping[] = [
  on(NotFound, (e) => ({ status: HttpStatus.NOT_FOUND, code: e.code, message: e.message })),
  on(Conflict, (e) => ({ status: HttpStatus.CONFLICT, code: e.code, message: e.message })),
  on(Invalid, (e) => ({
    status: HttpStatus.BAD_REQUEST,
    code: e.code,
    message: e.message,
    details: e.details,
  })),
  on(IntakeError, (e) => ({
    status: INTAKE_STATUS[e.code],
    code: e.code,
    message: e.message,
    details: e.fields ? { errors: e.fields } : undefined,
  })),
  on(RuleSetLifecycleError, (e) => ({
    status: RULE_SET_LIFECYCLE_STATUS[e.code],
    code: e.code,
    message: e.message,
  })),
  on(ModelLifecycleError, (e) => ({
    status: MODEL_LIFECYCLE_STATUS[e.code],
    code: e.code,
    message: e.message,
  })),
  on(RuleSetValidationError, (e) => ({
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    code: 'invalid_rule_set',
    message: `the rule set has ${e.errors.length} error(s); see errors`,
    details: ruleSetErrorsBody(e.errors),
  })),
  on(CalendarYearError, (e) => ({
    status: HttpStatus.BAD_REQUEST,
    code: 'invalid_calendar',
    message: e.message,
    details: { errors: e.problems },
  })),
  on(ApiKeyError, (e) => ({
    status: e.code === 'key_not_found' ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST,
    code: e.code,
    message: e.message,
  })),
  on(UnknownConnectorTypeError, (e) => ({ status: HttpStatus.NOT_FOUND, code: e.code, message: e.message })),
];

/** The client's view of a domain error, or undefined for anything else (an HttpException, or a bug). */
export function mapDomainError(e: unknown): MappedError | undefined {
  if (!(e instanceof Error)) return undefined;
  return MAPPINGS.find((m) => e instanceof m.type)?.map(e);
}
