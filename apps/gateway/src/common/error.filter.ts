import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { type Request, type Response } from 'express';
import { createLogger } from '@minsheng/shared/logging';
import { ApiError } from './api-error';
import { CORRELATION_HEADER } from './correlation.middleware';

const logger = createLogger('gateway');

const CODE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  429: 'rate_limited',
  503: 'unavailable',
};

/** One error body everywhere, carrying the correlation id so a caller can quote it and we can find the logs. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const correlationId = String(res.getHeader(CORRELATION_HEADER) ?? req.headers[CORRELATION_HEADER] ?? '');
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let code = 'internal';
    let message = 'internal error';
    let details: Record<string, unknown> | undefined;
    if (exception instanceof ApiError) {
      status = exception.getStatus();
      code = exception.code;
      message = exception.message;
      details = exception.details;
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      code = CODE_BY_STATUS[status] ?? `http_${status}`;
      message = exception.message;
    } else {
      logger.error({ err: exception, correlationId, path: req.path }, 'unhandled error');
    }
    res.status(status).json({ ...details, code, message, correlationId });
  }
}
