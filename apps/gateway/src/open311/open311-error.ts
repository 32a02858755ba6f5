import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { type Request, type Response } from 'express';
import { createLogger } from '@minsheng/shared/logging';
import { CORRELATION_HEADER } from '../common/correlation.middleware';
import { ErrorFilter, toClientError } from '../common/error.filter';

const logger = createLogger('gateway');

/** An error as GeoReport v2 words it: the HTTP status as `code`, and a human-readable description. */
export class Open311Error extends HttpException {
  constructor(status: HttpStatus, description: string) {
    super(description, status);
  }
}

export type Open311ErrorBody = { code: number; description: string }[];

/**
 * Key errors (401, 403, 429) come from the gateway's guard before any Open311 code runs; they keep the gateway's
 * {code, message, correlationId} body, the same on every keyed route, so a client's key handling is one thing.
 */
const GUARD_STATUSES: readonly number[] = [
  HttpStatus.UNAUTHORIZED,
  HttpStatus.FORBIDDEN,
  HttpStatus.TOO_MANY_REQUESTS,
];

/** Every other error of the /open311 routes answers in the GeoReport format: [{code, description}]. */
@Catch()
export class Open311ErrorFilter implements ExceptionFilter {
  private readonly gateway = new ErrorFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    if (exception instanceof HttpException && GUARD_STATUSES.includes(exception.getStatus()))
      return this.gateway.catch(exception, host);
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const { status, message, unexpected } = toClientError(exception);
    if (unexpected) {
      const req = ctx.getRequest<Request>();
      const correlationId = String(res.getHeader(CORRELATION_HEADER) ?? '');
      logger.error({ err: exception, correlationId, path: req.path }, 'unhandled error');
    }
    const description =
      status === HttpStatus.INTERNAL_SERVER_ERROR
        ? 'internal error; quote the x-correlation-id response header when reporting it'
        : message;
    const body: Open311ErrorBody = [{ code: status, description }];
    res.status(status).json(body);
  }
}
