import {
  ConnectorError,
  implementConnector,
  type CheckResult,
  type ConnectorContext,
  type PulledRecord,
} from '@minsheng/connector-sdk';
import { decodeHtml } from '@minsheng/connector-sdk/http';
import { type MayorMailboxConfig } from './mayor-mailbox.config';
import { mayorMailboxDefinition, REMEMBERED_LETTERS, type MailboxCursor } from './mayor-mailbox.definition';
import { mapLetter } from './mayor-mailbox.mapper';
import {
  type ListRow,
  parseDetail,
  parseList,
  SelectorSyntaxError,
  selectorSyntaxErrors,
} from './mayor-mailbox.parser';

const CHECK_SAMPLE = 3;
const RAW_CONTENT_TYPE = 'text/html; charset=utf-8';

/** The remembered letters by key; a key listed twice keeps its first (newest) fingerprint. */
function lettersOf(cursor: MailboxCursor | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, fingerprint] of cursor?.letters ?? []) if (!out.has(key)) out.set(key, fingerprint);
  return out;
}

function writeCursor(thisRun: Map<string, string>, previous: Map<string, string>): MailboxCursor {
  const letters: [string, string][] = [...thisRun];
  for (const e of previous) {
    if (letters.length >= REMEMBERED_LETTERS) break;
    if (!thisRun.has(e[0])) letters.push(e);
  }
  return { letters: letters.slice(0, REMEMBERED_LETTERS) };
}

function pageUrl(config: MayorMailboxConfig, page: number): string {
  const url = new URL(config.listUrl);
  url.searchParams.set(config.pageParam, String(page));
  return url.toString();
}

async function fetchHtml(url: string, config: MayorMailboxConfig, ctx: ConnectorContext) {
  const res = await ctx.http.getBytes(url, {
    headers: { accept: 'text/html,application/xhtml+xml' },
    timeoutMs: config.timeoutMs,
  });
  return decodeHtml(res.body, res.contentType);
}

/** A configured selector that does not parse is a configuration error, not an upstream one: fail the run loudly. */
function rethrowSelector(e: unknown): never {
  if (e instanceof SelectorSyntaxError) throw new ConnectorError('malformed', e.message);
  throw e;
}

async function listPage(config: MayorMailboxConfig, page: number, ctx: ConnectorContext): Promise<ListRow[]> {
  const url = pageUrl(config, page);
  const { text } = await fetchHtml(url, config, ctx);
  try {
    return parseList(text, url, config.selectors);
  } catch (e) {
    return rethrowSelector(e);
  }
}

function detailAllowed(detailUrl: string, config: MayorMailboxConfig): boolean {
  let origin: string;
  try {
    origin = new URL(detailUrl).origin;
  } catch {
    return false;
  }
  return [config.listUrl, ...config.detailOrigins].some((u) => new URL(u).origin === origin);
}

async function fetchLetter(
  row: ListRow,
  config: MayorMailboxConfig,
  ctx: ConnectorContext,
): Promise<PulledRecord> {
  const quarantine = (reason: string): PulledRecord => ({
    externalId: row.key,
    raw: '',
    contentType: RAW_CONTENT_TYPE,
    parseError: reason,
  });
  // A detail link is followed only within the list page's origin (or one the config names): a list page must not
  // send the connector to any host it likes (decision 022). Such a row is this letter's problem, not the run's.
  if (!detailAllowed(row.detailUrl, config)) return quarantine('detail link leaves the origin of listUrl');
  let text: string;
  try {
    ({ text } = await fetchHtml(row.detailUrl, config, ctx));
  } catch (e) {
    // A deleted letter (404), a refused page or a link nothing can fetch is this letter's problem; network trouble
    // (temporary) fails the run for a retry.
    if (e instanceof ConnectorError && e.kind === 'temporary') throw e;
    return quarantine(e instanceof ConnectorError ? e.message : 'detail link could not be fetched');
  }
  let parsed;
  try {
    parsed = parseDetail(text, config.selectors.detail, row.title, row.detailUrl);
  } catch (e) {
    return rethrowSelector(e);
  }
  if (!parsed.ok)
    return {
      externalId: row.letterNo ?? row.key,
      raw: text,
      contentType: RAW_CONTENT_TYPE,
      parseError: `${parsed.error} (${row.detailUrl})`,
    };
  return {
    externalId: parsed.letter.letterNo,
    raw: text,
    contentType: RAW_CONTENT_TYPE,
    draft: mapLetter(parsed.letter, row, config.mailboxOwner),
  };
}

/** Its own check: the default cannot tell which selector matched nothing, and the console shows that per field. */
export const mayorMailboxConnector = implementConnector(mayorMailboxDefinition, {
  async check(config, ctx): Promise<CheckResult> {
    const errors: CheckResult['errors'] = selectorSyntaxErrors(config.selectors);
    if (errors.length > 0) return { ok: false, sample: 0, errors };
    let rows: ListRow[];
    try {
      rows = await listPage(config, 1, ctx);
    } catch (e) {
      return { ok: false, sample: 0, errors: [{ field: 'listUrl', message: (e as Error).message }] };
    }
    if (rows.length === 0) {
      const message = `no letters on ${pageUrl(config, 1)} (row ${config.selectors.row} with link ${config.selectors.link})`;
      return { ok: false, sample: 0, errors: [{ field: 'selectors.row', message }] };
    }
    const listFields = [
      ['listLetterNo', (r: ListRow) => r.letterNo],
      ['listStatus', (r: ListRow) => r.status],
    ] as const;
    for (const [field, value] of listFields) {
      if (config.selectors[field] && !rows.some((r) => value(r)))
        errors.push({ field: `selectors.${field}`, message: `matches nothing in ${rows.length} list rows` });
    }
    const sample = rows.slice(0, CHECK_SAMPLE);
    const missing = new Map<string, string[]>();
    for (const row of sample) {
      try {
        const { text } = await fetchHtml(row.detailUrl, config, ctx);
        const parsed = parseDetail(text, config.selectors.detail, row.title, row.detailUrl);
        for (const f of parsed.blank) missing.set(f, [...(missing.get(f) ?? []), row.detailUrl]);
      } catch (e) {
        errors.push({ field: 'selectors.link', message: `${row.detailUrl}: ${(e as Error).message}` });
      }
    }
    for (const [f, urls] of missing)
      errors.push({ field: `selectors.detail.${f}`, message: `found nothing usable on ${urls.join(', ')}` });
    return { ok: errors.length === 0, sample: sample.length, errors };
  },

  async *pull(config, cursor, ctx) {
    const previous = lettersOf(cursor);
    const seenNow = new Map<string, string>();
    const visited = new Set<string>();
    for (let page = 1; page <= config.maxPages; page++) {
      const rows = await listPage(config, page, ctx);
      if (rows.length === 0) {
        if (page === 1 && previous.size > 0)
          throw new ConnectorError(
            'layout_changed',
            `list page ${pageUrl(config, 1)} had letters before and now parses to none (selectors.row ${config.selectors.row})`,
          );
        return;
      }
      const fresh = rows.filter((r) => !visited.has(r.key));
      // Past the last page these sites show the last page again; letters shifting down a page repeat only some.
      if (fresh.length === 0) return;
      const records: PulledRecord[] = [];
      for (const row of fresh) {
        visited.add(row.key);
        if (previous.get(row.key) === row.fingerprint) {
          seenNow.set(row.key, row.fingerprint);
          continue;
        }
        const record = await fetchLetter(row, config, ctx);
        records.push(record);
        // An unparseable letter is not remembered, so the next run tries it again.
        if (!record.parseError) seenNow.set(row.key, row.fingerprint);
      }
      yield { records, cursor: writeCursor(seenNow, previous) };
    }
  },
});
