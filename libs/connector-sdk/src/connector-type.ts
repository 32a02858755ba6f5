import { type z } from 'zod';
import { type PulledPage } from '@minsheng/shared/ingest';
import { type HttpFetcher } from './http/http-fetcher';

// Moved to the shared ingest path (the gateway's push intake writes through it too); re-exported for the connectors.
export type { ItemDraft, PulledPage, PulledRecord } from '@minsheng/shared/ingest';

export interface ConnectorContext {
  http: HttpFetcher;
  piiHashKey: string;
}

export interface CheckResult {
  ok: boolean;
  sample: number;
  errors: { field?: string; message: string }[];
}

/**
 * A channel type. Adding a channel means one class implementing this and one line in the registry;
 * nothing else in the hub switches on the channel.
 */
export interface ConnectorType<C = unknown> {
  readonly type: string;
  readonly channel: string;
  /** For generic types whose instances each feed a channel of their own (http_json): the channel from the config. */
  channelOf?(config: C): string;
  readonly parserVersion: string;
  readonly configSchema: z.ZodType<C>;
  check(config: C, ctx: ConnectorContext): Promise<CheckResult>;
  pull(config: C, cursor: Record<string, unknown> | null, ctx: ConnectorContext): AsyncIterable<PulledPage>;
}
