import { HttpException, HttpStatus } from '@nestjs/common';

/** Machine-readable error codes of the gateway; the body is always {code, message, correlationId}. */
export type ApiErrorCode =
  | 'not_found'
  | 'invalid_request'
  | 'unavailable'
  | 'internal'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'conflict'
  | (string & {});

/** One offending input field, for errors a form can show next to the field. */
export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends HttpException {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    status: HttpStatus,
    /** Extra fields of the error body, e.g. a rule set's errors per rule and field. */
    readonly details?: Record<string, unknown>,
    /** Response headers the error filter sets with the body, e.g. Retry-After on a 429. */
    readonly headers?: Record<string, string>,
  ) {
    super({ code, message, ...details }, status);
  }
}
