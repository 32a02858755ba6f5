import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HotlineWorkOrder } from './hotline-orders';
import { parseIsoWithOffset, parseShanghai } from './shanghai-time';

export const WORK_ORDERS_PATH = '/api/12345/v1/work-orders';
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

export interface WorkOrderQuery {
  /** Inclusive lower bound on updateTime as an instant; null = everything. */
  updatedSinceMs: number | null;
  page: number;
  pageSize: number;
}

export interface WorkOrderPage {
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
  records: HotlineWorkOrder[];
}

export interface WorkOrderSource {
  token: string;
  /** Orders in export order (see sortWorkOrders). */
  orders(): readonly HotlineWorkOrder[];
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

function parsePositiveInt(raw: string, name: string, max: number): number | string {
  if (!/^\d{1,9}$/.test(raw)) return `${name} must be a positive integer`;
  const value = Number(raw);
  if (value < 1 || value > max) return `${name} must be between 1 and ${max}`;
  return value;
}

/** Validates the query string; returns an error message for a 400 or the parsed query. */
export function parseWorkOrderQuery(params: URLSearchParams): WorkOrderQuery | { error: string } {
  for (const name of ['updatedSince', 'page', 'pageSize']) {
    if (params.getAll(name).length > 1) return { error: `${name} given more than once` };
  }

  let updatedSinceMs: number | null = null;
  const since = params.get('updatedSince');
  if (since !== null && since !== '') {
    updatedSinceMs = since.includes('T') ? parseIsoWithOffset(since) : parseShanghai(since);
    if (updatedSinceMs === null) {
      // An unencoded '+' in the offset arrives as a space; say so, because that client bug is easy to miss.
      const hint = /T.* \d{2}:?\d{2}$/.test(since) ? " (encode '+' in the offset as %2B)" : '';
      return {
        error: `updatedSince must be ISO 8601 with offset or 'yyyy-MM-dd HH:mm:ss'${hint}`,
      };
    }
  }

  const page = parsePositiveInt(params.get('page') ?? '1', 'page', Number.MAX_SAFE_INTEGER);
  if (typeof page === 'string') return { error: page };
  const pageSize = parsePositiveInt(
    params.get('pageSize') ?? String(DEFAULT_PAGE_SIZE),
    'pageSize',
    MAX_PAGE_SIZE,
  );
  if (typeof pageSize === 'string') return { error: pageSize };

  return { updatedSinceMs, page, pageSize };
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Orders by (updateTime, recordNo), the export's order. Fixed-width times and 18-digit recordNo sort as strings. */
export function sortWorkOrders(orders: readonly HotlineWorkOrder[]): HotlineWorkOrder[] {
  return [...orders].sort(
    (a, b) => compareText(a.updateTime, b.updateTime) || compareText(a.recordNo, b.recordNo),
  );
}

/**
 * Filter and slice one page from orders already in export order, as the hotline does. The filter is a binary
 * search, so a 100,000-order export answers each page without re-reading every order (benchmarks share the CPU).
 * `overlap` > 0 makes every page after the first start that many records early, repeating the tail of the page
 * before (as offset-paged exports do when rows shift between requests); total and totalPages are unchanged.
 */
export function selectWorkOrders(
  sorted: readonly HotlineWorkOrder[],
  query: WorkOrderQuery,
  overlap = 0,
): WorkOrderPage {
  const { updatedSinceMs, page, pageSize } = query;
  let lo = 0;
  let hi = sorted.length;
  while (updatedSinceMs !== null && lo < hi) {
    const mid = (lo + hi) >>> 1;
    const updated = parseShanghai(sorted[mid].updateTime);
    if (updated !== null && updated >= updatedSinceMs) hi = mid;
    else lo = mid + 1;
  }
  const total = sorted.length - lo;
  const start = lo + (page - 1) * pageSize;
  const from = page > 1 ? Math.max(lo, start - overlap) : start;
  return {
    page,
    pageSize,
    total,
    totalPages: Math.ceil(total / pageSize),
    records: sorted.slice(from, Math.min(start + pageSize, sorted.length)).map((o) => ({ ...o })),
  };
}

function authorized(req: IncomingMessage, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match !== null && match[1] === token;
}

/** A work-order request either refused (method, token, parameters) or valid and answerable with a page. */
export type WorkOrderRequestCheck =
  | { ok: true; query: WorkOrderQuery }
  | { ok: false; status: number; body: { code: number; message: string }; headers?: Record<string, string> };

/** Checks method, token and query string of a work-order request, without answering it. */
export function checkWorkOrderRequest(req: IncomingMessage, url: URL, token: string): WorkOrderRequestCheck {
  if (req.method !== 'GET')
    return {
      ok: false,
      status: 405,
      body: { code: 405, message: 'method not allowed' },
      headers: { Allow: 'GET' },
    };
  if (!authorized(req, token))
    return { ok: false, status: 401, body: { code: 401, message: 'invalid token' } };
  const query = parseWorkOrderQuery(url.searchParams);
  if ('error' in query) return { ok: false, status: 400, body: { code: 400, message: query.error } };
  return { ok: true, query };
}

/** Answers GET {@link WORK_ORDERS_PATH}; routing, faults and delays are the server's business. */
export function handleWorkOrders(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  source: WorkOrderSource,
): void {
  const checked = checkWorkOrderRequest(req, url, source.token);
  if (!checked.ok) {
    sendJson(res, checked.status, checked.body, checked.headers);
    return;
  }
  sendJson(res, 200, { code: 0, message: 'ok', data: selectWorkOrders(source.orders(), checked.query) });
}
