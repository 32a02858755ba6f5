import pino, { type Logger } from 'pino';
import { maskDeep } from '../pii/mask-text';
import { currentCorrelationId } from './correlation';

export type { Logger } from 'pino';

/**
 * Structured JSON on stdout, one line per event, with the service name and the current correlation id.
 * Every argument is masked before formatting, so a phone number in a message or an object never reaches a log.
 */
export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId } : {};
    },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => maskDeep(a)) as Parameters<typeof method>);
      },
    },
  });
}
