import { type z } from 'zod';
import { type PulledPage, type PulledRecord } from '@minsheng/shared/ingest';
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

/** What a type stores between runs: a JSON object, declared by its cursorSchema. */
export type Cursor = Record<string, unknown>;

/**
 * The light half of a channel type: what the operator API needs to list, validate and mask it. A definition imports
 * zod and its schemas only, never a fetcher or a parser, so the gateway loads every one without a scraper.
 */
export interface ConnectorDefinition<C, K extends Cursor> {
  readonly type: string;
  readonly channel: string;
  readonly parserVersion: string;
  readonly configSchema: z.ZodType<C>;
  /** Where a pull resumes; a stored or operator-set cursor is parsed with it before a pull sees it. */
  readonly cursorSchema: z.ZodType<K>;
  /** For generic types whose instances each feed a channel of their own (http_json): the channel from the config. */
  readonly channelOf?: (config: C) => string;
}

/** One page of a pull with the type's own cursor (checked against its cursorSchema before it is stored). */
export interface CursorPage<K extends Cursor> {
  records: PulledRecord[];
  cursor: K;
}

/** How the default check samples a type: the first page of its pull. */
export interface FirstPageCheckOptions<C> {
  /** The config the sample page is fetched with (e.g. a smaller page): an operator is waiting for the answer. */
  readonly sampleConfig?: (config: C) => C;
  /** The config field a failure to fetch the first page points at; none when the source itself is at fault. */
  readonly fieldOf?: (error: unknown, config: C) => string | undefined;
}

/** The heavy half of a channel type: fetching and parsing. */
export interface ConnectorImplementation<C, K extends Cursor> extends FirstPageCheckOptions<C> {
  /** `cursor` is null on a first run (or after a reset) and otherwise parsed with the type's cursorSchema. */
  pull(config: C, cursor: K | null, ctx: ConnectorContext): AsyncIterable<CursorPage<K>>;
  /** Only for what the default first-page check cannot tell (mayor_mailbox's selectors, http_json's mapping paths). */
  readonly check?: (config: C, ctx: ConnectorContext) => Promise<CheckResult>;
}

/** A channel type, definition and implementation together, typed by its config C and cursor K. */
export interface Connector<C, K extends Cursor> extends ConnectorDefinition<C, K> {
  readonly definition: ConnectorDefinition<C, K>;
  check(config: C, ctx: ConnectorContext): Promise<CheckResult>;
  /** `cursor` as stored: parsed here with the cursorSchema (readCursor), and every page's cursor checked with it. */
  pull(config: C, cursor: unknown, ctx: ConnectorContext): AsyncIterable<PulledPage>;
}

/**
 * A channel type as the registry hands it out, its config and cursor types hidden: config and cursor are parsed at
 * this edge, with the type's own schemas, so the registry needs no cast. The definition half alone is
 * ConnectorTypeDefinition.
 */
export interface ConnectorTypeDefinition {
  readonly type: string;
  readonly channel: string;
  readonly parserVersion: string;
  readonly configSchema: z.ZodType;
  readonly cursorSchema: z.ZodType<Cursor>;
  channelOf?(config: unknown): string;
}

export interface ConnectorType extends ConnectorTypeDefinition {
  check(config: unknown, ctx: ConnectorContext): Promise<CheckResult>;
  pull(config: unknown, cursor: unknown, ctx: ConnectorContext): AsyncIterable<PulledPage>;
}
