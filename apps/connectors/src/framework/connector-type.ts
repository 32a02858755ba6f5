import { type z } from 'zod';
import { type AppealItemV1 } from '@minsheng/shared/contracts';
import { type HttpFetcher } from '../http/http-fetcher';

/** What a connector extracts from one upstream record; the framework adds id, revision, trace and provenance. */
export type ItemDraft = Omit<
  AppealItemV1,
  'schemaVersion' | 'id' | 'revision' | 'traceId' | 'channel' | 'source' | 'receivedAt'
> & {
  externalUrl?: string;
  boardId?: string;
};

export interface PulledRecord {
  externalId: string;
  /** The record exactly as fetched; kept (content-addressed) so a fixed parser can re-read it. */
  raw: string;
  contentType: string;
  /** Either the normalized draft, or why it could not be parsed (then it is quarantined, and the others continue). */
  draft?: ItemDraft;
  parseError?: string;
}

export interface PulledPage {
  records: PulledRecord[];
  /** Where to resume if the process dies right after this page is committed. */
  cursor: Record<string, unknown>;
}

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
  readonly parserVersion: string;
  readonly configSchema: z.ZodType<C>;
  check(config: C, ctx: ConnectorContext): Promise<CheckResult>;
  pull(config: C, cursor: Record<string, unknown> | null, ctx: ConnectorContext): AsyncIterable<PulledPage>;
}
