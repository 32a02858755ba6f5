import { type EgressPolicy } from '../egress';
import { HttpFetcher } from './http-fetcher';
import { type ConnectorContext } from '../connector-type';

/**
 * The context for a live `check` (asked for by an operator through the gateway, run in the connectors process): a
 * fetcher of its own, with fewer retries than a pull, since an operator is waiting for the answer.
 */
export function checkContext(
  piiHashKey: string,
  userAgent?: string,
  egress?: EgressPolicy,
): ConnectorContext {
  return {
    piiHashKey,
    http: new HttpFetcher({
      userAgent,
      egress,
      timeoutMs: 15000,
      retries: 1,
      baseBackoffMs: 300,
      perHost: { concurrency: 1, minIntervalMs: 0 },
      breaker: { threshold: 5, coolDownMs: 30_000 },
    }),
  };
}
