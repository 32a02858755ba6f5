import { issueLines } from '@minsheng/shared/contracts';
import { hotlineWorkOrderSchema, hotlinePageSchema } from './hotline-12345.record';
import { type Hotline12345Config } from './hotline-12345.config';
import { mapWorkOrder } from './hotline-12345.mapper';
import {
  ConnectorError,
  fieldByKind,
  implementConnector,
  quarantineId,
  type ConnectorContext,
  type PulledRecord,
} from '@minsheng/connector-sdk';
import { hotline12345Definition, type HotlineCursor } from './hotline-12345.definition';

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
      : quarantineId(text);
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

export const hotline12345Connector = implementConnector(hotline12345Definition, {
  sampleConfig: (config) => ({ ...config, pageSize: 5 }),
  fieldOf: fieldByKind({ forbidden: 'token', temporary: 'baseUrl' }),

  async *pull(config, stored, ctx) {
    // A fresh start (and a cursor without `since`) reads from the config's start.
    const cursor: HotlineCursor = { page: 1, ...stored, since: stored?.since ?? config.initialUpdatedSince };
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
});
