import { serveLocally } from '../local-server';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { generateLiuyanThreads, LIUYAN_BOARDS, type LiuyanBoard, type LiuyanThread } from './liuyan-threads';

export const LIUYAN_PREFIX = '/liuyan';
export const LIUYAN_MAX_PAGE_SIZE = 50;
const MAX_BODY_BYTES = 64 * 1024;

export interface LiuyanFaults {
  /** Answer the next N list requests 429 with Retry-After: 0. */
  rateLimitNext?: number;
  /** The WAF rotates its key on the next N list requests: they get 403 and every token issued so far is void. */
  wafRejectNext?: number;
  /** Serve responseData as an object instead of the thread array (a changed API). */
  layoutChanged?: boolean;
}

export interface NewThread {
  subject: string;
  content: string;
  typeName?: string;
  domainName?: string;
  nickName?: string;
  ip?: string;
  favNum?: number;
}

/** The People's Daily leadership message board, as much of it as the connector touches. */
export interface LiuyanBoardSim {
  /** Answers a request whose path starts with the prefix; returns false if the path is not the board's. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean;
  boards(): LiuyanBoard[];
  /** Copies of a board's threads (or all), newest first. */
  threads(fid?: number): LiuyanThread[];
  /** A department replies: the thread becomes 已回复 with the reply. */
  answer(tid: number, org: string, text: string): LiuyanThread;
  addThread(fid: number, t: NewThread): LiuyanThread;
  setFaults(f: LiuyanFaults): void;
  /** Calls of the list API, including those answered 403/429. */
  requestCount(): number;
  /** Index page loads (WAF handshakes). */
  handshakeCount(): number;
}

function send(res: ServerResponse, status: number, contentType: string, body: string, headers = {}): void {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

const sendJson = (res: ServerResponse, status: number, body: unknown): void =>
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));

const WAF_PAGE =
  '<!DOCTYPE html><html><head><meta charset="utf-8"><title>403 Forbidden</title></head>' +
  '<body><h1>访问被拒绝</h1><p>您的访问请求可能对网站造成安全威胁，请刷新页面后重试。</p></body></html>';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}

function asInt(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d{1,12}$/.test(v)) return Number(v);
  return null;
}

export function createLiuyanBoard(
  opts: { threads?: LiuyanThread[]; boards?: readonly LiuyanBoard[]; prefix?: string } = {},
): LiuyanBoardSim {
  const prefix = opts.prefix ?? LIUYAN_PREFIX;
  const boards = [...(opts.boards ?? LIUYAN_BOARDS)];
  const store = new Map<number, LiuyanThread>();
  for (const t of opts.threads ?? generateLiuyanThreads()) store.set(t.tid, { ...t });
  const tokens = new Set<string>();
  let issued = 0;
  let served = 0;
  let handshakes = 0;
  let faults: Required<LiuyanFaults> = { rateLimitNext: 0, wafRejectNext: 0, layoutChanged: false };

  const newestFirst = (fid?: number): LiuyanThread[] =>
    [...store.values()].filter((t) => fid === undefined || t.fid === fid).sort((a, b) => b.tid - a.tid);

  const index = (res: ServerResponse, url: URL): void => {
    handshakes++;
    issued++;
    const token = `wt${issued.toString(16).padStart(6, '0')}${(issued * 2654435761) >>> 0}`;
    tokens.add(token);
    const fid = asInt(url.searchParams.get('fid'));
    const board = boards.find((b) => b.fid === fid);
    const html =
      `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(board?.name ?? '领导留言板')}_人民网</title></head>` +
      '<body><div id="app"></div><script src="/static/js/app.js"></script></body></html>';
    send(res, 200, 'text/html; charset=utf-8', html, {
      'Set-Cookie': [`waf_token=${token}; Path=/; HttpOnly`, `visit_id=${issued}; Path=/`],
    });
  };

  const list = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    served++;
    if (faults.rateLimitNext > 0) {
      faults.rateLimitNext--;
      send(res, 429, 'text/html; charset=utf-8', '<html><body>请求过于频繁</body></html>', {
        'Retry-After': '0',
      });
      return;
    }
    if (faults.wafRejectNext > 0) {
      faults.wafRejectNext--;
      tokens.clear();
      send(res, 403, 'text/html; charset=utf-8', WAF_PAGE);
      return;
    }
    const token = readCookie(req, 'waf_token');
    if (!token || !tokens.has(token)) {
      send(res, 403, 'text/html; charset=utf-8', WAF_PAGE);
      return;
    }
    if (req.method !== 'POST') {
      send(res, 405, 'text/plain', 'method not allowed', { Allow: 'POST' });
      return;
    }
    const text = await readBody(req);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text ?? '') as Record<string, unknown>;
    } catch {
      sendJson(res, 200, { result: 'fail', resultDesc: '参数格式错误', responseData: null });
      return;
    }
    const fid = asInt(body.fid);
    const lastItem = asInt(body.lastItem ?? 0);
    const pageSize = asInt(body.pageSize ?? 10);
    if (fid === null || lastItem === null || pageSize === null || pageSize < 1) {
      sendJson(res, 200, { result: 'fail', resultDesc: '参数错误', responseData: null });
      return;
    }
    if (!boards.some((b) => b.fid === fid)) {
      sendJson(res, 200, { result: 'fail', resultDesc: '版块不存在', responseData: null });
      return;
    }
    const page = newestFirst(fid)
      .filter((t) => lastItem === 0 || t.tid < lastItem)
      .slice(0, Math.min(pageSize, LIUYAN_MAX_PAGE_SIZE))
      .map(({ fid: _fid, ...t }) => t);
    sendJson(res, 200, {
      result: 'success',
      resultDesc: '成功',
      responseData: faults.layoutChanged ? { list: page, total: page.length } : page,
    });
  };

  const detail = (res: ServerResponse, url: URL): void => {
    const t = store.get(asInt(url.searchParams.get('tid')) ?? -1);
    if (!t) {
      send(res, 404, 'text/html; charset=utf-8', '<html><body>留言不存在</body></html>');
      return;
    }
    const reply = t.answerContent
      ? `<div class="replyInfo"><h4>${escapeHtml(t.answerOrganization)}</h4><p>${escapeHtml(t.answerContent)}</p></div>`
      : '';
    send(
      res,
      200,
      'text/html; charset=utf-8',
      `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(t.subject)}</title></head><body>` +
        `<h1>${escapeHtml(t.subject)}</h1><p class="state">${escapeHtml(t.stateInfo)}</p>` +
        `<div class="content">${escapeHtml(t.content)}</div>${reply}</body></html>`,
    );
  };

  return {
    handle(req, res, url) {
      if (!url.pathname.startsWith(`${prefix}/`)) return false;
      const path = url.pathname.slice(prefix.length);
      if (path === '/index' && req.method === 'GET') index(res, url);
      else if (path === '/threads/queryThreadsList') void list(req, res);
      else if (path === '/threads/content' && req.method === 'GET') detail(res, url);
      else send(res, 404, 'text/html; charset=utf-8', '<html><body>404</body></html>');
      return true;
    },
    boards: () => boards.map((b) => ({ ...b })),
    threads: (fid) => newestFirst(fid).map((t) => ({ ...t })),
    answer(tid, org, text) {
      const t = store.get(tid);
      if (!t) throw new RangeError(`no thread ${tid}`);
      Object.assign(t, { stateInfo: '已回复', answerOrganization: org, answerContent: text });
      return { ...t };
    },
    addThread(fid, n) {
      const latest = newestFirst()[0];
      const t: LiuyanThread = {
        tid: (latest?.tid ?? 18_540_000) + 7,
        fid,
        dateline: (latest?.dateline ?? Date.UTC(2026, 7, 1) / 1000) + 3600,
        subject: n.subject,
        content: n.content,
        domainName: n.domainName ?? '其他',
        typeName: n.typeName ?? '咨询',
        stateInfo: '未回复',
        answerOrganization: '',
        answerContent: '',
        favNum: n.favNum ?? 0,
        ip: n.ip ?? '36.57.10.20',
        nickName: n.nickName ?? '网友',
        gradeManner: '',
        gradeSpeed: '',
      };
      store.set(t.tid, t);
      return { ...t };
    },
    setFaults(f) {
      faults = { ...faults, ...f };
    },
    requestCount: () => served,
    handshakeCount: () => handshakes,
  };
}

export interface LiuyanSimulator {
  /** Base URL of the board, including the prefix, e.g. http://127.0.0.1:4321/liuyan */
  url: string;
  board: LiuyanBoardSim;
  close(): Promise<void>;
}

/** A tiny server holding just the board (the main simulator can mount `board.handle` the same way). */
export async function startLiuyanSimulator(
  opts: { port?: number; host?: string; threads?: LiuyanThread[] } = {},
): Promise<LiuyanSimulator> {
  const board = createLiuyanBoard({ threads: opts.threads });
  const server = await serveLocally(
    (req, res, url) => board.handle(req, res, url),
    (res) => send(res, 404, 'text/plain', 'not found'),
    opts,
  );
  return {
    url: `${server.origin}${LIUYAN_PREFIX}`,
    board,
    close: () => server.close(),
  };
}
