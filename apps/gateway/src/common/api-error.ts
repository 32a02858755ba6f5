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

export class ApiError extends HttpException {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    status: HttpStatus,
  ) {
    super({ code, message }, status);
  }
}
