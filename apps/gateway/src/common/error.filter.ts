import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { type Request, type Response } from 'express';
import { createLogger } from '@minsheng/shared/logging';
import { ApiError } from './api-error';
import { CORRELATION_HEADER } from './correlation.middleware';
import { type MappedError, mapDomainError } from './domain-errors';

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

/**
 * Any thrown value as the client sees it: a domain error by its mapping, an ApiError (the HTTP layer's own: keys,
 * roles, validation) as given, another HttpException by its status, anything else as 500 (`unexpected`: log it).
 */
export function toClientError(exception: unknown): MappedError & { unexpected?: true } {
  const mapped = mapDomainError(exception);
  if (mapped) return mapped;
  if (exception instanceof ApiError)
    return {
      status: exception.getStatus(),
      code: exception.code,
      message: exception.message,
      details: exception.details,
    };
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return { status, code: CODE_BY_STATUS[status] ?? `http_${status}`, message: exception.message };
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    code: 'internal',
    message: 'internal error',
    unexpected: true,
  };
}

/** One error body everywhere, carrying the correlation id so a caller can quote it and we can find the logs. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const correlationId = String(res.getHeader(CORRELATION_HEADER) ?? req.headers[CORRELATION_HEADER] ?? '');
    const e = toClientError(exception);
    if (e.unexpected) logger.error({ err: exception, correlationId, path: req.path }, 'unhandled error');
    if (exception instanceof ApiError)
      for (const [name, value] of Object.entries(exception.headers ?? {})) res.setHeader(name, value);
    res.status(e.status).json({ ...e.details, code: e.code, message: e.message, correlationId });
  }
}
