import { randomUUID } from 'node:crypto';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import { type NextFunction, type Request, type Response } from 'express';
import { withCorrelation } from '@minsheng/shared/logging';

export const CORRELATION_HEADER = 'x-correlation-id';

/** Accepts a caller's correlation id (or makes one), echoes it, and scopes the request's logs to it. */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    const given = req.headers[CORRELATION_HEADER];
    const id = typeof given === 'string' && /^[\w.-]{8,64}$/.test(given) ? given : randomUUID();
    res.setHeader(CORRELATION_HEADER, id);
    withCorrelation(id, next);
  }
}
