import { serveLocally } from '../local-server';
import { formatShanghai } from '../shanghai-time';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { generateLiuyanThreads, LIUYAN_BOARDS, type LiuyanBoard, type LiuyanThread } from './liuyan-threads';

export const LIUYAN_PREFIX = '/liuyan';
export const LIUYAN_MAX_PAGE_SIZE = 50;
/** The list API cuts `content` and `answerContent` to this many characters and appends "..." (as the real board does). */
export const LIUYAN_PREVIEW_CHARS = 40;
const MAX_BODY_BYTES = 64 * 1024;

/** The list's `state` field: 1 all, 2 awaiting reply, 3 in progress, 4 handled; the stateInfo each selects. */
export const LIUYAN_STATES: Record<number, string | undefined> = {
  1: undefined,
  2: '待回复',
  3: '办理中',
  4: '已回复',
};

export interface LiuyanFaults {
  /** Answer the next N list requests 429 with Retry-After: 0. */
  rateLimitNext?: number;
  /** The WAF rotates its key on the next N list requests: they get 403 and every token issued so far is void. */
  wafRejectNext?: number;
  /** Serve responseData as an object instead of the thread array (a changed API). */
  layoutChanged?: boolean;
  /** Detail pages of these tids answer 503 (every attempt) until the fault is cleared. */
  detailDown?: number[];
}

/** What the last list request carried, for specs that check the connector speaks like a browser. */
export interface ListRequestSeen {
  contentType: string;
  referer: string;
  origin: string;
  fields: Record<string, string>;
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
  /** A department replies (at `at`, unix seconds; default a day after the thread): the thread becomes 已回复. */
  answer(tid: number, org: string, text: string, at?: number): LiuyanThread;
  addThread(fid: number, t: NewThread): LiuyanThread;
  setFaults(f: LiuyanFaults): void;
  /** Calls of the list API, including those answered 403/429. */
  requestCount(): number;
  /** Board page loads (WAF handshakes). */
  handshakeCount(): number;
  /** Detail page loads, per tid. */
  detailCount(tid?: number): number;
  /**
   * Serves `bytes` at `<prefix>/files/<name>` (the board's upload server) and returns that path, site-relative as
   * the detail pages write it; any other file path answers 404.
   */
  putFile(name: string, bytes: Buffer, contentType: string): string;
  /** Shows `src` as one more picture on the thread's detail page. */
  addPicture(tid: number, src: string): void;
  lastListRequest(): ListRequestSeen | undefined;
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

/** What the list sends of a long text: the first characters and "...". */
export function listPreview(text: string): string {
  const chars = [...text];
  return chars.length > LIUYAN_PREVIEW_CHARS ? `${chars.slice(0, LIUYAN_PREVIEW_CHARS).join('')}...` : text;
}

/** Text as the detail page shows it: escaped, line breaks as <br>. */
const paragraphHtml = (s: string): string => escapeHtml(s).replace(/\r?\n/g, '<br>');
const minuteOf = (unixSeconds: number): string => formatShanghai(unixSeconds * 1000).slice(0, 16);

/** The citizen's pictures under the question, as the board's pages lay them out (one centred <img> per paragraph). */
const picturesHtml = (pictures: string[]): string =>
  pictures.length === 0
    ? ''
    : `<div class="liuyan_pic">${pictures.map((src) => `<p style="text-align:center"><img src="${escapeHtml(src)}"></p>`).join('')}</div>`;

function detailHtml(t: LiuyanThread, boardName: string): string {
  const stateClass = t.answerContent ? 'green' : t.stateInfo === '办理中' ? 'orange' : 'red';
  const reply = t.answerContent
    ? '<div class="clearfix liuyan_box05 w1200"><ul><li class="reply"><span class="title">回复</span>' +
      `<h3><i class="red">${escapeHtml(t.answerOrganization)}</i></h3>` +
      `<p class="zoom">\u3000\u3000${paragraphHtml(t.answerContent)}</p>` +
      (t.answerDateline === null
        ? ''
        : `<h3><em class="grey2">回复时间：${minuteOf(t.answerDateline)}</em></h3>`) +
      '</li></ul></div>'
    : '';
  return (
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(t.subject)}_领导留言板_人民网</title></head><body>` +
    `<div class="path_2j w1200 grey2">当前位置：<a href="/">领导留言板</a> &gt; <i id="currentForum">${escapeHtml(boardName)}</i></div>` +
    '<div class="liuyan_box03 w1200 clearfix">' +
    `<h2><b><span class="context-title-text">${escapeHtml(t.subject)}</span>` +
    `<em class="${stateClass}">${escapeHtml(t.stateInfo)}</em>` +
    `<em class="domainType">${escapeHtml(t.domainName)}</em><em class="domainType">${escapeHtml(t.typeName)}</em></b></h2>` +
    `<h3 class="grey2"><span>${escapeHtml(t.nickName)} ${minuteOf(t.dateline)}</span></h3>` +
    `<p class="zoom content" id="zoom">${paragraphHtml(t.content)}</p>` +
    picturesHtml(t.pictures ?? []) +
    `</div>${reply}</body></html>`
  );
}

/** A form endpoint's refusal, as a Spring-style JSON error body. */
function refuse(res: ServerResponse, status: number, error: string, message: string): void {
  sendJson(res, status, { status, error, message, path: '/threads/queryThreadsList' });
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
  let faults: Required<LiuyanFaults> = {
    rateLimitNext: 0,
    wafRejectNext: 0,
    layoutChanged: false,
    detailDown: [],
  };
  const details = new Map<number, number>();
  const files = new Map<string, { bytes: Buffer; contentType: string }>();
  let lastList: ListRequestSeen | undefined;

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
      `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(board?.name ?? '领导留言板')}_领导留言板_人民网</title></head>` +
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
    const contentType = String(req.headers['content-type'] ?? '');
    const text = await readBody(req);
    if (text === null) {
      refuse(res, 413, 'Payload Too Large', 'request body too large');
      return;
    }
    // The board reads form fields (request parameters); a JSON body is not a form and is refused as such.
    if (!/^application\/x-www-form-urlencoded\b/i.test(contentType)) {
      refuse(
        res,
        415,
        'Unsupported Media Type',
        `Content type '${contentType || '(none)'}' not supported; expected application/x-www-form-urlencoded`,
      );
      return;
    }
    const fields = Object.fromEntries(new URLSearchParams(text));
    lastList = {
      contentType,
      referer: String(req.headers.referer ?? ''),
      origin: String(req.headers.origin ?? ''),
      fields,
    };
    if (fields.fid === undefined) {
      refuse(res, 400, 'Bad Request', "Required request parameter 'fid' is not present");
      return;
    }
    const fid = asInt(fields.fid);
    const lastItem = asInt(fields.lastItem ?? '0');
    const pageSize = asInt(fields.pageSize ?? '10');
    const state = asInt(fields.state ?? '1');
    if (fid === null || lastItem === null || pageSize === null || pageSize < 1 || state === null) {
      sendJson(res, 200, { result: 'fail', resultDesc: '参数错误', responseData: null });
      return;
    }
    if (!(state in LIUYAN_STATES)) {
      sendJson(res, 200, { result: 'fail', resultDesc: '状态参数错误', responseData: null });
      return;
    }
    if (!boards.some((b) => b.fid === fid)) {
      sendJson(res, 200, { result: 'fail', resultDesc: '版块不存在', responseData: null });
      return;
    }
    const wanted = LIUYAN_STATES[state];
    const page = newestFirst(fid)
      .filter((t) => (lastItem === 0 || t.tid < lastItem) && (wanted === undefined || t.stateInfo === wanted))
      .slice(0, Math.min(pageSize, LIUYAN_MAX_PAGE_SIZE))
      .map(({ fid: _fid, pictures: _pictures, ...t }) => ({
        ...t,
        content: listPreview(t.content),
        answerContent: listPreview(t.answerContent),
      }));
    sendJson(res, 200, {
      result: 'success',
      resultDesc: '成功',
      responseData: faults.layoutChanged ? { list: page, total: page.length } : page,
    });
  };

  const detail = (res: ServerResponse, url: URL): void => {
    const tid = asInt(url.searchParams.get('tid')) ?? -1;
    details.set(tid, (details.get(tid) ?? 0) + 1);
    if (faults.detailDown.includes(tid)) {
      send(res, 503, 'text/html; charset=utf-8', '<html><body>服务暂时不可用</body></html>');
      return;
    }
    const t = store.get(tid);
    if (!t) {
      send(res, 404, 'text/html; charset=utf-8', '<html><body>留言不存在</body></html>');
      return;
    }
    const boardName = boards.find((b) => b.fid === t.fid)?.name ?? '领导留言板';
    send(res, 200, 'text/html; charset=utf-8', detailHtml(t, boardName));
  };

  const file = (res: ServerResponse, name: string): void => {
    const f = files.get(name);
    if (!f) send(res, 404, 'text/html; charset=utf-8', '<html><body>404</body></html>');
    else res.writeHead(200, { 'Content-Type': f.contentType, 'Content-Length': f.bytes.length }).end(f.bytes);
  };

  return {
    handle(req, res, url) {
      if (!url.pathname.startsWith(`${prefix}/`)) return false;
      const path = url.pathname.slice(prefix.length);
      if (path === '/threads/list' && req.method === 'GET') index(res, url);
      else if (path === '/threads/queryThreadsList') void list(req, res);
      else if (path === '/threads/content' && req.method === 'GET') detail(res, url);
      else if (path.startsWith('/files/') && req.method === 'GET')
        file(res, decodeURIComponent(path.slice('/files/'.length)));
      else send(res, 404, 'text/html; charset=utf-8', '<html><body>404</body></html>');
      return true;
    },
    boards: () => boards.map((b) => ({ ...b })),
    threads: (fid) => newestFirst(fid).map((t) => ({ ...t })),
    answer(tid, org, text, at) {
      const t = store.get(tid);
      if (!t) throw new RangeError(`no thread ${tid}`);
      Object.assign(t, {
        stateInfo: '已回复',
        answerOrganization: org,
        answerContent: text,
        answerDateline: at ?? t.dateline + 86400,
      });
      return { ...t };
    },
    addThread(fid, n) {
      const latest = newestFirst()[0];
      const t: LiuyanThread = {
        tid: (latest?.tid ?? 18_540_000) + 7,
        fid,
        dateline: (latest?.dateline ?? Date.UTC(2026, 7, 1) / 1000) + 3600,
        threadsCheckTime: (latest?.dateline ?? Date.UTC(2026, 7, 1) / 1000) + 5400,
        subject: n.subject,
        content: n.content,
        domainName: n.domainName ?? '其他',
        typeName: n.typeName ?? '咨询',
        stateInfo: '待回复',
        answerOrganization: '',
        answerContent: '',
        answerDateline: null,
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
    putFile(name, bytes, contentType) {
      files.set(name, { bytes, contentType });
      return `${prefix}/files/${encodeURIComponent(name)}`;
    },
    addPicture(tid, src) {
      const t = store.get(tid);
      if (!t) throw new RangeError(`no thread ${tid}`);
      t.pictures = [...(t.pictures ?? []), src];
    },
    requestCount: () => served,
    handshakeCount: () => handshakes,
    detailCount: (tid) =>
      tid === undefined ? [...details.values()].reduce((a, b) => a + b, 0) : (details.get(tid) ?? 0),
    lastListRequest: () => lastList && { ...lastList, fields: { ...lastList.fields } },
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
