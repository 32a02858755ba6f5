import { HttpException, HttpStatus } from '@nestjs/common';

/** Machine-readable error codes of the gateway; the body is always {code, message, correlationId}. */
export type ApiErrorCode = 'not_found' | 'invalid_request' | 'unavailable' | 'internal';

export class ApiError extends HttpException {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    status: HttpStatus,
  ) {
    super({ code, message }, status);
  }
}
