import { randomUUID } from 'node:crypto';
import { type ErrorRequestHandler } from 'express';
import { type Logger } from '@minsheng/shared/runtime';
import { CORRELATION_HEADER } from './correlation.middleware';

/**
 * The JSON parser runs before routing (and before the correlation middleware), so what it refuses — a body over its
 * 1 MB limit, or not JSON at all — would otherwise reach the client as a generic 500. This answers those with the
 * gateway's error body, on every route. The parser's own message is not echoed: for bad JSON it quotes the body.
 */
export function bodyParserErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    const type = (err as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || res.headersSent) return next(err);
    let status: number;
    let code: 'payload_too_large' | 'invalid_body';
    let message: string;
    if (type === 'entity.too.large') {
      [status, code, message] = [413, 'payload_too_large', 'body exceeds the gateway limit'];
    } else if (type === 'entity.parse.failed') {
      [status, code, message] = [400, 'invalid_body', 'body is not valid JSON'];
    } else if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      [status, code, message] = [400, 'invalid_body', 'unsupported content encoding or charset'];
    } else {
      return next(err);
    }
    const given = req.headers[CORRELATION_HEADER];
    const correlationId = typeof given === 'string' && /^[\w.-]{8,64}$/.test(given) ? given : randomUUID();
    res.setHeader(CORRELATION_HEADER, correlationId);
    logger.warn({ path: req.path, code, parser: type, correlationId }, 'request body refused');
    res.status(status).json({ code, message, correlationId });
  };
}
