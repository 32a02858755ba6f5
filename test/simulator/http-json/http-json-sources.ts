import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatShanghai, shanghaiEpochMs } from '../shanghai-time';
import { MINIAPP_SUBMISSIONS, NEW_MEDIA_COMMENTS, SUPERVISION_CASES } from './http-json-fixtures';

/**
 * Three JSON list APIs in one small in-process HTTP server, each paging and authenticating its own way:
 * - supervision: "互联网+督查" case list, GET, page/size, bearer token, `data.list`, `updatedSince` (Shanghai time)
 * - newMedia: new-media comment export, GET, opaque `cursor` / `next_cursor`, key in the query, `since` (epoch ms)
 * - miniapp: 12345 mini-program submissions, POST JSON, keyset `lastId`, X-App-Key header, `result.rows`
 */
export type HttpJsonSource = 'supervision' | 'newMedia' | 'miniapp';

export const SUPERVISION_TOKEN = 'dc-token-2026-fy';
export const NEW_MEDIA_KEY = 'xmt-export-key';
export const MINIAPP_KEY = 'mp-key-90a1';
export const MINIAPP_ID = 'fy12345-mp';
export const NEW_MEDIA_PAGE = 4;

export const SOURCE_PATHS: Record<HttpJsonSource, string> = {
  supervision: '/dc/api/v1/cases',
  newMedia: '/xmt/export/comments',
  miniapp: '/mp/api/submission/list',
};

type Row = Record<string, unknown>;

export interface SeenRequest {
  method: string;
  query: Record<string, string>;
  body?: unknown;
}

export interface HttpJsonSimulator {
  url: string;
  /** Full URL of a source's list endpoint. */
  endpoint(source: HttpJsonSource): string;
  /** Copies of a source's records, in the order the API serves them. */
  records(source: HttpJsonSource): Row[];
  /**
   * Changes a record the way the upstream would: the patch is merged and, where the source has one, its
   * update time moves forward (a minute per change). Returns the record.
   */
  change(source: HttpJsonSource, id: string | number, patch: Row): Row;
  /** Appends a record as given (it may be malformed on purpose). */
  add(source: HttpJsonSource, record: Row): void;
  /** The next N requests to a source answer this status (Retry-After: 0 for 429/503). */
  failNext(source: HttpJsonSource, status?: number, n?: number): void;
  /** The source renames/reshapes its record array (a changed API). */
  setLayoutChanged(source: HttpJsonSource, on: boolean): void;
  /** Requests that reached a source's list endpoint (including rejected ones). */
  requests(source: HttpJsonSource): SeenRequest[];
  close(): Promise<void>;
}

const ID_FIELD: Record<HttpJsonSource, string> = {
  supervision: 'caseNo',
  newMedia: 'comment_id',
  miniapp: 'id',
};

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

const int = (v: unknown, fallback: number): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) ? n : fallback;
};

export async function startHttpJsonSimulator(opts: { host?: string } = {}): Promise<HttpJsonSimulator> {
  const store: Record<HttpJsonSource, Row[]> = {
    supervision: SUPERVISION_CASES.map((c) => structuredClone(c) as unknown as Row),
    newMedia: NEW_MEDIA_COMMENTS.map((c) => structuredClone(c) as unknown as Row),
    miniapp: MINIAPP_SUBMISSIONS.map((c) => structuredClone(c) as unknown as Row),
  };
  const seen: Record<HttpJsonSource, SeenRequest[]> = { supervision: [], newMedia: [], miniapp: [] };
  const faults: Record<HttpJsonSource, { status: number; n: number; layout: boolean }> = {
    supervision: { status: 500, n: 0, layout: false },
    newMedia: { status: 500, n: 0, layout: false },
    miniapp: { status: 500, n: 0, layout: false },
  };
  let clock = shanghaiEpochMs(2026, 11, 20, 8, 0, 0);

  const ordered = (source: HttpJsonSource): Row[] => {
    const rows = [...store[source]];
    if (source === 'supervision')
      return rows.sort(
        (a, b) =>
          String(a.updateTime).localeCompare(String(b.updateTime)) ||
          String(a.caseNo).localeCompare(String(b.caseNo)),
      );
    if (source === 'newMedia')
      return rows.sort(
        (a, b) =>
          int(a.updated_ms, 0) - int(b.updated_ms, 0) ||
          String(a.comment_id).localeCompare(String(b.comment_id)),
      );
    return rows.sort((a, b) => int(a.id, 0) - int(b.id, 0));
  };

  const supervision = (req: IncomingMessage, res: ServerResponse, q: URLSearchParams): void => {
    if (req.headers.authorization !== `Bearer ${SUPERVISION_TOKEN}`) {
      sendJson(res, 401, { code: 401, msg: '令牌无效或已过期' });
      return;
    }
    const pageNum = int(q.get('pageNum'), 1);
    const pageSize = Math.min(int(q.get('pageSize'), 10), 50);
    const since = q.get('updatedSince');
    const all = ordered('supervision').filter((c) => !since || String(c.updateTime) >= since);
    const list = all.slice((pageNum - 1) * pageSize, pageNum * pageSize);
    const data = faults.supervision.layout
      ? { total: all.length, pageNum, pageSize, records: list }
      : { total: all.length, pageNum, pageSize, list };
    sendJson(res, 200, { code: 200, msg: '操作成功', data });
  };

  const newMedia = (res: ServerResponse, q: URLSearchParams): void => {
    if (q.get('access_token') !== NEW_MEDIA_KEY) {
      sendJson(res, 403, { error: 'invalid access_token' });
      return;
    }
    const since = q.get('since');
    const all = ordered('newMedia').filter((c) => !since || int(c.updated_ms, 0) >= int(since, 0));
    const cursor = q.get('cursor');
    let start = 0;
    if (cursor) {
      const m = /^c(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
      if (!m) {
        sendJson(res, 400, { error: 'bad cursor' });
        return;
      }
      start = Number(m[1]);
    }
    const items = all.slice(start, start + NEW_MEDIA_PAGE);
    const end = start + items.length;
    const next = end < all.length ? Buffer.from(`c${end}`).toString('base64url') : null;
    sendJson(
      res,
      200,
      faults.newMedia.layout
        ? { items: { data: items }, next_cursor: next }
        : { items, next_cursor: next, has_more: next !== null },
    );
  };

  const miniapp = (req: IncomingMessage, res: ServerResponse, body: unknown): void => {
    if (req.headers['x-app-key'] !== MINIAPP_KEY) {
      sendJson(res, 401, { success: false, message: 'app key required' });
      return;
    }
    const b = (typeof body === 'object' && body !== null ? body : {}) as Row;
    if (req.method !== 'POST' || b.appId !== MINIAPP_ID) {
      sendJson(res, 400, { success: false, message: '参数错误：appId' });
      return;
    }
    const lastId = int(b.lastId, 0);
    const limit = Math.min(int(b.limit, 10), 20);
    const rows = ordered('miniapp')
      .filter((r) => int(r.id, 0) > lastId)
      .slice(0, limit);
    sendJson(res, 200, {
      success: true,
      result: faults.miniapp.layout ? { rows: null, list: rows } : { rows },
    });
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://sim.local');
      const source = (Object.keys(SOURCE_PATHS) as HttpJsonSource[]).find(
        (s) => SOURCE_PATHS[s] === url.pathname,
      );
      if (!source) {
        sendJson(res, 404, { error: 'not found' });
        return;
      }
      const text = await readBody(req);
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      seen[source].push({ method: req.method ?? 'GET', query: Object.fromEntries(url.searchParams), body });
      const f = faults[source];
      if (f.n > 0) {
        f.n--;
        const retry: Record<string, string> =
          f.status === 429 || f.status === 503 ? { 'Retry-After': '0' } : {};
        sendJson(res, f.status, { error: `injected ${f.status}` }, retry);
        return;
      }
      if (source === 'supervision') supervision(req, res, url.searchParams);
      else if (source === 'newMedia') newMedia(res, url.searchParams);
      else miniapp(req, res, body);
    })();
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const base = `http://${host}:${(server.address() as AddressInfo).port}`;

  const find = (source: HttpJsonSource, id: string | number): Row => {
    const row = store[source].find((r) => String(r[ID_FIELD[source]]) === String(id));
    if (!row) throw new Error(`${source}: no record ${id}`);
    return row;
  };

  return {
    url: base,
    endpoint: (source) => `${base}${SOURCE_PATHS[source]}`,
    records: (source) => ordered(source).map((r) => structuredClone(r)),
    change(source, id, patch) {
      const row = find(source, id);
      Object.assign(row, patch);
      clock += 60_000;
      if (source === 'supervision') row.updateTime = formatShanghai(clock);
      if (source === 'newMedia') row.updated_ms = clock;
      return structuredClone(row);
    },
    add: (source, record) => void store[source].push(structuredClone(record)),
    failNext(source, status = 500, n = 1) {
      faults[source].status = status;
      faults[source].n = n;
    },
    setLayoutChanged: (source, on) => void (faults[source].layout = on),
    requests: (source) => structuredClone(seen[source]),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
