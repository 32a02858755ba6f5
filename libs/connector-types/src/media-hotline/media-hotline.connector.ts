import { sha256Hex } from '@minsheng/shared/ids';
import {
  ConnectorError,
  implementConnector,
  quarantineId,
  type ConnectorContext,
  type PulledRecord,
} from '@minsheng/connector-sdk';
import { mediaHotlineJsonSchema, type MediaHotlineConfig } from './media-hotline.config';
import { type FeedCursor, mediaHotlineDefinition, MAX_SEEN } from './media-hotline.definition';
import { parseFeed, type FeedEntry, type ParsedFeed } from './media-hotline.feed';
import { mapEntry } from './media-hotline.mapper';

const RECORDS_PER_PAGE = 200;
const MAX_EXTERNAL_ID = 200;

/** A feed without the configured item array: the field to fix is json.itemsPath. */
class NoItemArrayError extends ConnectorError {
  constructor(message: string) {
    super('malformed', message);
    this.name = 'NoItemArrayError';
  }
}

/** Which config field a feed that cannot be read points at. */
function checkField(e: unknown, config: MediaHotlineConfig): string {
  if (e instanceof NoItemArrayError) return 'json.itemsPath';
  return e instanceof ConnectorError && e.kind === 'malformed' && config.format ? 'format' : 'feedUrl';
}

type FeedRecord = PulledRecord & { at?: number };

function externalIdOf(e: FeedEntry): string | undefined {
  const id = e.guid || e.link;
  if (!id) return undefined;
  return id.length <= MAX_EXTERNAL_ID ? id : `sha:${sha256Hex(id).slice(0, 32)}`;
}

/** One feed item as a record: its draft, or why it could not be read. */
export function toRecord(e: FeedEntry, config: Pick<MediaHotlineConfig, 'program' | 'feedUrl'>): FeedRecord {
  const mapped = mapEntry(e, config.program, config.feedUrl);
  const id = externalIdOf(e);
  if ('error' in mapped) {
    return {
      externalId: id ?? quarantineId(e.raw),
      raw: e.raw,
      contentType: e.contentType,
      parseError: mapped.error,
    };
  }
  return {
    // Without guid or link, title and time identify the item (an edited body then stays the same item).
    externalId:
      id ?? `item:${sha256Hex(`${mapped.draft.title ?? ''}\n${mapped.draft.submittedAt}`).slice(0, 24)}`,
    raw: e.raw,
    contentType: e.contentType,
    draft: mapped.draft,
    at: Date.parse(mapped.draft.submittedAt),
  };
}

async function fetchFeed(config: MediaHotlineConfig, ctx: ConnectorContext): Promise<ParsedFeed> {
  const res = await ctx.http.get(config.feedUrl, {
    headers: {
      accept:
        'application/rss+xml, application/atom+xml, application/json;q=0.9, application/xml;q=0.8, */*;q=0.5',
    },
    timeoutMs: config.timeoutMs,
  });
  return parseFeed(res.body, config.format, config.json ?? mediaHotlineJsonSchema.parse({}));
}

function fingerprint(r: PulledRecord): string {
  return sha256Hex(r.draft ? JSON.stringify(r.draft) : `error:${r.raw}`).slice(0, 16);
}

/** This run's items first (newest first), then older remembered ones, up to MAX_SEEN. */
function nextCursor(before: FeedCursor, records: FeedRecord[]): FeedCursor {
  const ordered = [...records].sort((a, b) => (b.at ?? -Infinity) - (a.at ?? -Infinity));
  const seen = new Map<string, string>();
  for (const r of ordered) if (!seen.has(r.externalId)) seen.set(r.externalId, fingerprint(r));
  for (const [k, v] of Object.entries(before.seen)) if (!seen.has(k)) seen.set(k, v);
  const newestDraft = ordered.find((r) => r.draft);
  const previous = before.newestAt ? Date.parse(before.newestAt) : NaN;
  const newestAt =
    newestDraft?.draft && !(previous >= (newestDraft.at ?? -Infinity))
      ? newestDraft.draft.submittedAt
      : before.newestAt;
  const cursor: FeedCursor = { seen: Object.fromEntries([...seen].slice(0, MAX_SEEN)) };
  if (newestAt) cursor.newestAt = newestAt;
  return cursor;
}

export const mediaHotlineConnector = implementConnector(mediaHotlineDefinition, {
  fieldOf: checkField,

  async *pull(config, cursor, ctx) {
    const before: FeedCursor = cursor ?? { seen: {} };
    const hadItems = Object.keys(before.seen).length > 0;
    let feed: ParsedFeed;
    try {
      feed = await fetchFeed(config, ctx);
    } catch (e) {
      if (hadItems && e instanceof ConnectorError && e.kind === 'malformed')
        throw new ConnectorError('layout_changed', `${config.feedUrl}: ${e.message}`);
      throw e;
    }
    const records = feed.entries.map((e) => toRecord(e, config));
    if (!feed.found && !hadItems)
      throw new NoItemArrayError(`${config.feedUrl}: no item array at ${config.json?.itemsPath ?? 'items'}`);
    if (hadItems && !records.some((r) => r.draft)) {
      throw new ConnectorError(
        'layout_changed',
        `${config.feedUrl} had items and now yields ${records.length === 0 ? 'none' : `only ${records.length} unreadable`}`,
      );
    }
    const committed = structuredClone(before);
    const out = records.map(({ at: _at, ...r }) => r);
    for (let i = 0; i + RECORDS_PER_PAGE < out.length; i += RECORDS_PER_PAGE)
      yield { records: out.slice(i, i + RECORDS_PER_PAGE), cursor: structuredClone(committed) };
    const lastStart =
      out.length === 0 ? 0 : Math.floor((out.length - 1) / RECORDS_PER_PAGE) * RECORDS_PER_PAGE;
    yield { records: out.slice(lastStart), cursor: nextCursor(before, records) };
  },
});
