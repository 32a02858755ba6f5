import { issueLines } from '@minsheng/shared/contracts';
import { hotlineWorkOrderSchema, hotlinePageSchema } from './hotline-12345.record';
import { hotline12345ConfigSchema, type Hotline12345Config } from './hotline-12345.config';
import { mapWorkOrder } from './hotline-12345.mapper';
import {
  ConnectorError,
  type CheckResult,
  type ConnectorContext,
  type ConnectorType,
  type PulledPage,
  type PulledRecord,
} from '@minsheng/connector-sdk';

/**
 * Cursor: {since, page, highWater}. A run pages through "updated since `since`"; after each committed page the
 * cursor says which page comes next, so a crash resumes mid-run; the last page moves `since` to the newest
 * updateTime seen. An order updated while we page jumps to the end of the export and shifts the others back, so
 * one record can slip between two pages; the run counts the distinct records it read (a run resumed after a crash
 * cannot know them all), and if that is short of the export's total it keeps `since` where it was, so the next run
 * reads the window again. The export's filter is inclusive, so
 * records seen again are recognised as unchanged by their content hash.
 */
interface HotlineCursor {
  since?: string;
  page: number;
  highWater?: string;
}

function readCursor(raw: Record<string, unknown> | null, config: Hotline12345Config): HotlineCursor {
  const since = typeof raw?.since === 'string' ? raw.since : config.initialUpdatedSince;
  const page = typeof raw?.page === 'number' && raw.page >= 1 ? raw.page : 1;
  const highWater = typeof raw?.highWater === 'string' ? raw.highWater : undefined;
  return { since, page, highWater };
}

function pageUrl(config: Hotline12345Config, cursor: HotlineCursor): string {
  const url = new URL('/api/12345/v1/work-orders', config.baseUrl);
  if (cursor.since) url.searchParams.set('updatedSince', cursor.since);
  url.searchParams.set('page', String(cursor.page));
  url.searchParams.set('pageSize', String(config.pageSize));
  return url.toString();
}

async function fetchPage(config: Hotline12345Config, cursor: HotlineCursor, ctx: ConnectorContext) {
  const res = await ctx.http.get(pageUrl(config, cursor), {
    headers: { authorization: `Bearer ${config.token}`, accept: 'application/json' },
    timeoutMs: config.timeoutMs,
  });
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    throw new ConnectorError('malformed', `page ${cursor.page} is not JSON (${res.body.length} bytes)`);
  }
  const page = hotlinePageSchema.safeParse(json);
  if (!page.success)
    throw new ConnectorError(
      'layout_changed',
      `page ${cursor.page} has an unexpected shape: ${page.error.message}`,
    );
  return page.data.data;
}

function toRecord(raw: unknown, piiHashKey: string): PulledRecord & { updateTime?: string } {
  const text = JSON.stringify(raw);
  const parsed = hotlineWorkOrderSchema.safeParse(raw);
  const externalId =
    typeof raw === 'object' && raw !== null && typeof (raw as { recordNo?: unknown }).recordNo === 'string'
      ? (raw as { recordNo: string }).recordNo
      : `unparsed:${text.length}:${text.slice(0, 40)}`;
  if (!parsed.success) {
    return {
      externalId,
      raw: text,
      contentType: 'application/json',
      parseError: issueLines(parsed.error).join('; '),
    };
  }
  return {
    externalId,
    raw: text,
    contentType: 'application/json',
    draft: mapWorkOrder(parsed.data, piiHashKey),
    updateTime: parsed.data.updateTime,
  };
}

export const hotline12345Connector: ConnectorType<Hotline12345Config> = {
  type: 'hotline_12345',
  channel: 'hotline_12345',
  parserVersion: 'hotline_12345/1',
  configSchema: hotline12345ConfigSchema,

  async check(config, ctx): Promise<CheckResult> {
    const errors: CheckResult['errors'] = [];
    try {
      const page = await fetchPage(
        { ...config, pageSize: 5 },
        { page: 1, since: config.initialUpdatedSince },
        ctx,
      );
      for (const [i, raw] of page.records.entries()) {
        const r = toRecord(raw, ctx.piiHashKey);
        if (r.parseError) errors.push({ field: `records[${i}]`, message: r.parseError });
      }
      return { ok: errors.length === 0, sample: page.records.length, errors };
    } catch (e) {
      const field =
        e instanceof ConnectorError && e.kind === 'forbidden'
          ? 'token'
          : e instanceof ConnectorError && e.kind === 'temporary'
            ? 'baseUrl'
            : undefined;
      return { ok: false, sample: 0, errors: [{ field, message: (e as Error).message }] };
    }
  },

  async *pull(config, rawCursor, ctx): AsyncIterable<PulledPage> {
    const cursor = readCursor(rawCursor, config);
    const fromStart = cursor.page === 1;
    const seen = new Set<string>();
    for (;;) {
      const page = await fetchPage(config, cursor, ctx);
      const records = page.records.map((r) => toRecord(r, ctx.piiHashKey));
      for (const r of records) {
        if (r.updateTime && (!cursor.highWater || r.updateTime > cursor.highWater))
          cursor.highWater = r.updateTime;
      }
      for (const r of records) seen.add(r.externalId);
      const last = cursor.page >= page.totalPages;
      const complete = fromStart && seen.size >= page.total;
      const next: HotlineCursor = last
        ? { since: complete ? (cursor.highWater ?? cursor.since) : cursor.since, page: 1 }
        : { since: cursor.since, page: cursor.page + 1, highWater: cursor.highWater };
      yield { records: records.map(({ updateTime: _u, ...r }) => r), cursor: { ...next } };
      if (last) return;
      Object.assign(cursor, next);
    }
  },
};
