import { serveLocally } from '../local-server';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { generateOpinionHits, OPINION_TASK_ID, type OpinionHit } from './opinion-hits';

export const OPINION_PREFIX = '/yuqing';
export const OPINION_API_KEY = 'sim-yuqing-key-7f3a';
export const OPINION_MAX_LIMIT = 1000;

export interface OpinionFaults {
  /** Answer the next N hit requests 503. */
  failNext?: number;
  /** The vendor renamed `hits` to `list` (a changed API). */
  layoutChanged?: boolean;
}

/** A keyword-monitoring vendor's search API, as much of it as the connector touches. */
export interface OpinionApiSim {
  handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean;
  /** Copies of the task's hits, oldest first. */
  hits(): OpinionHit[];
  addHit(hit: OpinionHit): void;
  updateHit(id: string, patch: Partial<Omit<OpinionHit, 'id'>>): OpinionHit;
  /** Serves this object instead of the hit with that id (to break one hit). */
  setRawHit(id: string, raw: Record<string, unknown>): void;
  setFaults(f: OpinionFaults): void;
  /** Hit requests, including refused ones. */
  requestCount(): number;
  /** The query parameters of each hit request, in order. */
  queries(): Record<string, string>[];
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

const int = (v: string | null): number | null => (v !== null && /^\d{1,15}$/.test(v) ? Number(v) : null);

export function createOpinionApi(opts: { hits?: OpinionHit[]; prefix?: string } = {}): OpinionApiSim {
  const prefix = opts.prefix ?? OPINION_PREFIX;
  const store = new Map<string, OpinionHit>();
  for (const h of opts.hits ?? generateOpinionHits()) store.set(h.id, structuredClone(h));
  const raw = new Map<string, Record<string, unknown>>();
  const sessions = new Map<string, { results: unknown[]; offset: number; limit: number }>();
  let faults: Required<OpinionFaults> = { failNext: 0, layoutChanged: false };
  let served = 0;
  let issued = 0;
  const seenQueries: Record<string, string>[] = [];

  const ordered = (): OpinionHit[] =>
    [...store.values()].sort((a, b) => a.publish_time - b.publish_time || a.id.localeCompare(b.id));

  const page = (
    res: ServerResponse,
    id: string,
    s: { results: unknown[]; offset: number; limit: number },
  ) => {
    const hits = s.results.slice(s.offset, s.offset + s.limit);
    s.offset += hits.length;
    const hasMore = s.offset < s.results.length;
    if (!hasMore) sessions.delete(id);
    sendJson(res, 200, {
      code: 0,
      msg: 'ok',
      data: faults.layoutChanged
        ? { session_id: id, has_more: hasMore, list: hits, total: s.results.length }
        : { session_id: id, has_more: hasMore, total: s.results.length, hits },
    });
  };

  const hitsRequest = (req: IncomingMessage, res: ServerResponse, taskId: string, url: URL): void => {
    served++;
    seenQueries.push(Object.fromEntries(url.searchParams));
    if (faults.failNext > 0) {
      faults.failNext--;
      sendJson(res, 503, { code: 50300, msg: '服务繁忙，请稍后重试' });
      return;
    }
    if (req.headers['x-api-key'] !== OPINION_API_KEY) {
      sendJson(res, 401, { code: 40101, msg: 'API Key 无效' });
      return;
    }
    if (taskId !== OPINION_TASK_ID) {
      sendJson(res, 200, { code: 40401, msg: '监测任务不存在' });
      return;
    }
    const sessionId = url.searchParams.get('session_id');
    if (sessionId) {
      const s = sessions.get(sessionId);
      if (!s) sendJson(res, 200, { code: 41001, msg: '会话已过期，请重新查询' });
      else page(res, sessionId, s);
      return;
    }
    const start = int(url.searchParams.get('start'));
    const end = int(url.searchParams.get('end'));
    const limit = int(url.searchParams.get('limit') ?? '100');
    if (
      start === null ||
      end === null ||
      start >= end ||
      limit === null ||
      limit < 1 ||
      limit > OPINION_MAX_LIMIT
    ) {
      sendJson(res, 200, { code: 40001, msg: '参数错误' });
      return;
    }
    const list = (name: string) => url.searchParams.get(name)?.split(',').filter(Boolean);
    const mediaTypes = list('mediaTypes');
    const sentiments = list('sentiment');
    const results = ordered()
      .filter((h) => h.publish_time >= start && h.publish_time <= end)
      .filter((h) => !mediaTypes || mediaTypes.includes(h.media_type))
      .filter((h) => !sentiments || sentiments.includes(h.sentiment))
      .map((h) => raw.get(h.id) ?? structuredClone(h));
    issued++;
    const id = `s${issued.toString(36).padStart(6, '0')}${((issued * 2654435761) >>> 0).toString(16)}`;
    const s = { results, offset: 0, limit };
    sessions.set(id, s);
    page(res, id, s);
  };

  return {
    handle(req, res, url) {
      if (!url.pathname.startsWith(`${prefix}/`)) return false;
      const m = /^\/api\/v1\/tasks\/([^/]+)\/hits$/.exec(url.pathname.slice(prefix.length));
      if (m && req.method === 'GET') hitsRequest(req, res, decodeURIComponent(m[1]), url);
      else sendJson(res, 404, { code: 40400, msg: 'Not Found' });
      return true;
    },
    hits: () => ordered().map((h) => structuredClone(h)),
    addHit(hit) {
      if (store.has(hit.id)) throw new RangeError(`duplicate hit ${hit.id}`);
      store.set(hit.id, structuredClone(hit));
    },
    updateHit(id, patch) {
      const h = store.get(id);
      if (!h) throw new RangeError(`no hit ${id}`);
      Object.assign(h, patch);
      return structuredClone(h);
    },
    setRawHit(id, r) {
      if (!store.has(id)) throw new RangeError(`no hit ${id}`);
      raw.set(id, r);
    },
    setFaults(f) {
      faults = { ...faults, ...f };
    },
    requestCount: () => served,
    queries: () => seenQueries.map((q) => ({ ...q })),
  };
}

export interface OpinionSimulator {
  /** Base URL of the API, including the prefix. */
  url: string;
  api: OpinionApiSim;
  close(): Promise<void>;
}

export async function startOpinionSimulator(
  opts: { port?: number; host?: string; hits?: OpinionHit[] } = {},
): Promise<OpinionSimulator> {
  const api = createOpinionApi({ hits: opts.hits });
  const server = await serveLocally(
    (req, res, url) => api.handle(req, res, url),
    (res) => sendJson(res, 404, { code: 40400, msg: 'Not Found' }),
    opts,
  );
  return {
    url: `${server.origin}${OPINION_PREFIX}`,
    api,
    close: () => server.close(),
  };
}
