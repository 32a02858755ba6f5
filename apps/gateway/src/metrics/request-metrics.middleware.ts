import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { type NextFunction, type Request, type Response } from 'express';
import { GatewayMetrics } from './gateway-metrics';

/**
 * Counts every answer by the route's template (`/api/v1/tickets/:id`), never the raw path: ids in paths would make a
 * series per ticket. A request no route matched counts as `unmatched`.
 */
@Injectable()
export class RequestMetricsMiddleware implements NestMiddleware {
  constructor(@Inject(GatewayMetrics) private readonly metrics: GatewayMetrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = (req.route as { path?: unknown } | undefined)?.path;
      const template = typeof route === 'string' ? `${req.baseUrl}${route}` : 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.request(template, req.method, res.statusCode, seconds);
    });
    next();
  }
}
