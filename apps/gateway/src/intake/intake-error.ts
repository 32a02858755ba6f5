import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  type HttpStatus,
} from '@nestjs/common';
import { type Request, type Response } from 'express';
import { CORRELATION_HEADER } from '../common/correlation.middleware';

/** Error codes of the push intake; the body is the gateway's {code, message, correlationId}. */
export type IntakeErrorCode = 'unknown_channel' | 'bad_signature' | 'payload_too_large' | 'invalid_body';

export interface FieldError {
  field: string;
  message: string;
}

export class IntakeError extends HttpException {
  constructor(
    readonly code: IntakeErrorCode,
    message: string,
    status: HttpStatus,
    /** Per-field messages of an invalid body (also joined into the message). */
    readonly fields?: FieldError[],
  ) {
    super({ code, message }, status);
  }
}

/** The gateway's error body for the intake's own codes; anything else goes on to the gateway's ErrorFilter. */
@Catch(IntakeError)
export class IntakeErrorFilter implements ExceptionFilter {
  catch(exception: IntakeError, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const correlationId = String(res.getHeader(CORRELATION_HEADER) ?? req.headers[CORRELATION_HEADER] ?? '');
    res.status(exception.getStatus()).json({
      code: exception.code,
      message: exception.message,
      correlationId,
      ...(exception.fields ? { errors: exception.fields } : {}),
    });
  }
}
