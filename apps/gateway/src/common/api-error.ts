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
    /** Sent as `errors` beside code and message when given. */
    readonly errors?: FieldError[],
  ) {
    super({ code, message }, status);
  }
}
