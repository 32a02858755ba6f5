import { serveLocally } from '../local-server';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import * as iconv from 'iconv-lite';
import { formatShanghai, parseShanghai } from '../shanghai-time';
import { defaultLetters, type MailboxLetter } from './mailbox-letters';

export const MAILBOX_PREFIX = '/mailbox/';
export const MAILBOX_LIST_PATH = '/mailbox/list.jsp';
export const MAILBOX_DETAIL_PATH = '/mailbox/content.jsp';
export const MAILBOX_PAGE_SIZE = 10;
export const MAILBOX_FILES_PATH = '/mailbox/files/';

const fileName = (url: URL): string => decodeURIComponent(url.pathname.slice(MAILBOX_FILES_PATH.length));

/**
 * A city mayor's mailbox (市长信箱) as Anhui sites serve it: GBK bytes, list pages labelled gb2312 in the header,
 * detail pages alternating between a gb2312 header and no header charset but `<meta charset="gbk">`.
 */
export interface MailboxSite {
  handle(req: IncomingMessage, res: ServerResponse, url: URL): void;
  letters(): MailboxLetter[];
  /** Answers a letter: status 已办结, reply unit, text and time (default: two days after it was received). */
  reply(letterNo: string, unit: string, text: string, time?: string): void;
  /** Puts a new letter at the top of the list. */
  addLetter(letter: MailboxLetter): void;
  /** The letter's detail page becomes an error page without letter number or content ("信件不存在"). */
  breakDetail(letterNo: string): void;
  /** The letter's list row links to `href` instead of its detail page (another host, a bad scheme…). */
  linkDetailTo(letterNo: string, href: string): void;
  /** 'v2' serves list pages in a different markup (the row selector then finds nothing). */
  setLayout(layout: 'v1' | 'v2'): void;
  /** Whether a letter's detail page declares its charset in the header (else only in `<meta>`). */
  detailCharsetInHeader(letterNo: string): boolean;
  counts(): { list: number; detail: number };
  /** Serves `bytes` at /mailbox/files/<name> (the site's upload folder) and returns that path, site-relative. */
  putFile(name: string, bytes: Buffer, contentType: string): string;
  /** Shows `src` as one more picture in the letter's 来信内容. */
  addPicture(letterNo: string, src: string): void;
  /** Lists `href` in the letter's 附件 row. */
  addFile(letterNo: string, href: string): void;
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const paragraphs = (s: string): string => esc(s).replace(/\n/g, '<br>\n');

function sendGbk(res: ServerResponse, status: number, html: string, contentType: string): void {
  const body = iconv.encode(html, 'gbk');
  res.writeHead(status, { 'content-type': contentType, 'content-length': body.length });
  res.end(body);
}

function listPage(
  letters: MailboxLetter[],
  page: number,
  layout: 'v1' | 'v2',
  links: Map<string, string> = new Map(),
): string {
  const pages = Math.max(1, Math.ceil(letters.length / MAILBOX_PAGE_SIZE));
  // Like many of these sites, a page past the end shows the last page again.
  const shown = Math.min(Math.max(1, page), pages);
  const rows = letters.slice((shown - 1) * MAILBOX_PAGE_SIZE, shown * MAILBOX_PAGE_SIZE);
  const items = rows
    .map((l) => {
      const href = esc(links.get(l.letterNo) ?? `content.jsp?id=${l.id}`);
      const replyDate = l.reply ? l.reply.time.slice(0, 10) : '';
      const unit = l.reply ? l.reply.unit : '—';
      return layout === 'v1'
        ? `<li><span class="no">${l.letterNo}</span><a class="title" href="${href}" target="_blank" title="${esc(l.title)}">${esc(l.title)}</a>` +
            `<span class="unit">${esc(unit)}</span><span class="reply-time">${replyDate}</span>` +
            `<span class="status">${l.status}</span><span class="views">${l.views}</span></li>`
        : `<div class="xx-item"><p><a href="${href}">${esc(l.title)}</a></p><em>${l.status}</em><i>${replyDate}</i></div>`;
    })
    .join('\n');
  const list =
    layout === 'v1'
      ? `<ul class="letter-list">\n${items}\n</ul>`
      : `<div class="xx-items">\n${items}\n</div>`;
  return `<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>阜阳市市长信箱 - 阜阳市人民政府</title>
</head>
<body>
<div class="header"><h1>阜阳市市长信箱</h1></div>
<div class="main">
<div class="list-head"><span>信件编号</span><span>信件标题</span><span>答复单位</span><span>答复时间</span><span>状态</span><span>浏览</span></div>
${list}
<div class="pager">共${letters.length}条 第${shown}/${pages}页 <a href="list.jsp?page=1">首页</a> <a href="list.jsp?page=${Math.min(shown + 1, pages)}">下一页</a></div>
</div>
</body>
</html>
`;
}

function detailPage(l: MailboxLetter, metaOnly: boolean): string {
  const meta = metaOnly
    ? '<meta charset="gbk">'
    : '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">';
  const reply = l.reply
    ? `<tr><td colspan="4" class="hfdw">答复单位：${esc(l.reply.unit)}\u3000\u3000答复时间：${l.reply.time}</td></tr>
<tr><td class="lab">答复内容：</td><td colspan="3" class="hfnr">${paragraphs(l.reply.text)}</td></tr>`
    : '<tr><td colspan="4" class="hfdw">该信件正在办理中，请耐心等待。</td></tr>';
  return `<!DOCTYPE html>
<html>
<head>
${meta}
<title>${esc(l.title)} - 阜阳市市长信箱</title>
</head>
<body>
<div class="main">
<table class="xx-detail" width="100%" cellspacing="0" cellpadding="4" border="1">
<tr><td class="lab">信件编号：</td><td>${l.letterNo}</td><td class="lab">来信时间：</td><td>${l.receivedAt}</td></tr>
<tr><td class="lab">信件类型：</td><td>${l.type}</td><td class="lab">姓名：</td><td>${esc(l.name)}</td></tr>
<tr><td class="lab">信件标题：</td><td colspan="3">${esc(l.title)}</td></tr>
<tr><td class="lab">来信内容：</td><td colspan="3" class="nrtxt">${paragraphs(l.content)}${(l.pictures ?? []).map((src) => `<br><img src="${esc(src)}" border="0">`).join('')}</td></tr>${
    l.files?.length
      ? `\n<tr><td class="lab">附件：</td><td colspan="3">${l.files.map((href) => `<a href="${esc(href)}" target="_blank">${esc(href.split('/').pop() ?? href)}</a>`).join(' ')}</td></tr>`
      : ''
  }
<tr><td class="lab">办理状态：</td><td colspan="3">${l.status}</td></tr>
${reply}
</table>
</div>
</body>
</html>
`;
}

const BROKEN_PAGE = `<!DOCTYPE html>
<html><head><meta charset="gbk"><title>提示</title></head>
<body><div class="main"><p>信件不存在或已被删除！</p><a href="list.jsp">返回列表</a></div></body></html>
`;

export function createMailboxSite(opts: { letters?: MailboxLetter[] } = {}): MailboxSite {
  // Newest first, as the list shows them; copies keep callers from mutating served data.
  const letters = (opts.letters ?? defaultLetters()).map((l) => ({ ...l }));
  const broken = new Set<string>();
  const links = new Map<string, string>();
  let layout: 'v1' | 'v2' = 'v1';
  const counts = { list: 0, detail: 0 };
  const files = new Map<string, { bytes: Buffer; contentType: string }>();
  const metaOnly = (l: MailboxLetter): boolean => l.id % 2 === 1;
  const find = (letterNo: string): MailboxLetter => {
    const l = letters.find((x) => x.letterNo === letterNo);
    if (!l) throw new Error(`no letter ${letterNo}`);
    return l;
  };

  return {
    handle(req, res, url) {
      if (req.method !== 'GET') {
        sendGbk(res, 405, '<html><body>405</body></html>', 'text/html; charset=gb2312');
      } else if (url.pathname === MAILBOX_LIST_PATH) {
        counts.list++;
        const page = Number(url.searchParams.get('page') ?? '1');
        const html = listPage(letters, Number.isInteger(page) ? page : 1, layout, links);
        sendGbk(res, 200, html, 'text/html; charset=gb2312');
      } else if (url.pathname === MAILBOX_DETAIL_PATH) {
        counts.detail++;
        const l = letters.find((x) => String(x.id) === url.searchParams.get('id'));
        if (!l) sendGbk(res, 404, BROKEN_PAGE, 'text/html');
        else if (broken.has(l.letterNo)) sendGbk(res, 200, BROKEN_PAGE, 'text/html');
        else if (metaOnly(l)) sendGbk(res, 200, detailPage(l, true), 'text/html');
        else sendGbk(res, 200, detailPage(l, false), 'text/html; charset=gb2312');
      } else if (url.pathname.startsWith(MAILBOX_FILES_PATH) && files.has(fileName(url))) {
        const f = files.get(fileName(url));
        if (f)
          res
            .writeHead(200, { 'content-type': f.contentType, 'content-length': f.bytes.length })
            .end(f.bytes);
      } else {
        sendGbk(res, 404, '<html><body>404 页面不存在</body></html>', 'text/html; charset=gb2312');
      }
    },
    letters: () => letters.map((l) => ({ ...l, reply: l.reply && { ...l.reply } })),
    reply(letterNo, unit, text, time) {
      const l = find(letterNo);
      const at = time ?? formatShanghai((parseShanghai(l.receivedAt) ?? 0) + 2 * 24 * 3600 * 1000);
      l.reply = { unit, text, time: at };
      l.status = '已办结';
    },
    addLetter(letter) {
      letters.unshift({ ...letter });
    },
    breakDetail(letterNo) {
      broken.add(find(letterNo).letterNo);
    },
    linkDetailTo(letterNo, href) {
      links.set(find(letterNo).letterNo, href);
    },
    setLayout(l) {
      layout = l;
    },
    detailCharsetInHeader: (letterNo) => !metaOnly(find(letterNo)),
    counts: () => ({ ...counts }),
    putFile(name, bytes, contentType) {
      files.set(name, { bytes, contentType });
      return `${MAILBOX_FILES_PATH}${encodeURIComponent(name)}`;
    },
    addPicture(letterNo, src) {
      const l = find(letterNo);
      l.pictures = [...(l.pictures ?? []), src];
    },
    addFile(letterNo, href) {
      const l = find(letterNo);
      l.files = [...(l.files ?? []), href];
    },
  };
}

export interface MailboxSimulator extends MailboxSite {
  url: string;
  /** The first list page's URL without a page parameter, as a connector instance is configured. */
  listUrl: string;
  close(): Promise<void>;
}

/** A tiny stand-alone server for the mailbox (tests use it; the hotline simulator could mount `handle` instead). */
export async function startMailboxSimulator(
  opts: { port?: number; host?: string; letters?: MailboxLetter[] } = {},
): Promise<MailboxSimulator> {
  const site = createMailboxSite({ letters: opts.letters });
  const server = await serveLocally(
    (req, res, url) => {
      if (!url.pathname.startsWith(MAILBOX_PREFIX)) return false;
      site.handle(req, res, url);
      return true;
    },
    (res) => sendGbk(res, 404, '<html><body>404</body></html>', 'text/html'),
    opts,
  );
  return {
    ...site,
    url: server.origin,
    listUrl: `${server.origin}${MAILBOX_LIST_PATH}`,
    close: () => server.close(),
  };
}
