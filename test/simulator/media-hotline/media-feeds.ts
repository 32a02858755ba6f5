import { serveLocally } from '../local-server';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { shanghaiEpochMs } from '../shanghai-time';

/**
 * Media hotlines of 阜阳 publishing the problems their listeners and readers report: a TV programme as RSS 2.0,
 * an evening paper as Atom, a radio station as a JSON list (the shape of a typical CMS "news list" API).
 */
export type FeedKey = 'rss' | 'atom' | 'json';

export interface FeedItem {
  id: string;
  title: string;
  /** HTML as the newsroom CMS stores it. */
  html: string;
  publishedAt: number;
  link: string;
  /** 投诉/求助/曝光/… as the programme files it; empty when it does not. */
  category: string;
}

export const MEDIA_PREFIX = '/media';
export const FEED_PATHS: Readonly<Record<FeedKey, string>> = {
  rss: '/fytv/minsheng/rss.xml',
  atom: '/yzwb/rexian/atom.xml',
  json: '/fyjt/api/hotline/list',
};
export const FEED_PROGRAMS: Readonly<Record<FeedKey, string>> = {
  rss: '民生热线',
  atom: '颍州晚报热线',
  json: '行风热线',
};
/** The json options a connector needs for the JSON list. */
export const JSON_FEED_OPTIONS = {
  itemsPath: 'data.list',
  fields: {
    id: 'newsId',
    title: 'title',
    content: 'content',
    publishedAt: 'pubTime',
    link: 'url',
    type: 'columnName',
  },
};

const at = (d: number, h: number, mi: number) => shanghaiEpochMs(2026, 11, d, h, mi, 0);
const p = (...paras: string[]) => paras.map((x) => `<p>${x}</p>`).join('');

const RSS_ITEMS: FeedItem[] = [
  {
    id: 'fytv-msrx-20261112-01',
    title: '颍州区清河街道：小区门口污水外溢半个月无人管',
    html: p(
      '近日，家住清河街道文峰社区的刘女士拨打《民生热线》反映，小区南门口的污水井堵塞，污水外溢已有半个多月，',
      '路过的居民只能踮着脚走，气味也很大。记者现场看到，井盖周围积了一大片黑水。',
      '刘女士说，她们已经找过物业和社区，至今没有解决。',
    ),
    publishedAt: at(12, 18, 30),
    link: 'https://www.fytv.example/msrx/2026/11/12/01.html',
    category: '投诉',
  },
  {
    id: 'fytv-msrx-20261113-01',
    title: '颍东区袁寨镇：农田灌溉渠被垃圾堵塞',
    html: p(
      '袁寨镇一位村民反映，村东头的灌溉渠里堆满了生活垃圾和秸秆，小麦播种后急需浇水，渠水却流不过去。',
      '他希望镇里能组织清理。',
    ),
    publishedAt: at(13, 18, 32),
    link: 'https://www.fytv.example/msrx/2026/11/13/01.html',
    category: '求助',
  },
  {
    id: 'fytv-msrx-20261114-01',
    title: '太和县城关镇：新建小区交房两年办不了不动产证',
    html: p(
      '太和县城关镇某小区的业主向本栏目反映，小区2024年交房，至今两年过去，业主们仍然拿不到不动产权证，',
      '孩子上学、落户都受影响。开发商称正在办理，但一直没有具体时间。',
    ),
    publishedAt: at(14, 18, 28),
    link: 'https://www.fytv.example/msrx/2026/11/14/01.html',
    category: '投诉',
  },
  {
    id: 'fytv-msrx-20261116-01',
    title: '颍泉区：公交站台顶棚破损，雨天无处躲雨',
    html: p(
      '市民张先生反映，颍泉区周棚街道一处公交站台的顶棚玻璃碎了好几块，已经一个多月没人修，',
      '下雨天等车的乘客只能打伞站在站台里。',
    ),
    publishedAt: at(16, 18, 35),
    link: 'https://www.fytv.example/msrx/2026/11/16/01.html',
    category: '建议',
  },
  {
    id: 'fytv-msrx-20261117-01',
    title: '界首市：菜市场周边占道经营，早高峰堵得走不动',
    html: p(
      '界首市西城街道的市民反映，菜市场周边的商贩每天早上把摊位摆到马路上，',
      '早高峰时段机动车和电动车挤成一团，接送孩子上学的家长苦不堪言。',
    ),
    publishedAt: at(17, 18, 31),
    link: 'https://www.fytv.example/msrx/2026/11/17/01.html',
    category: '投诉',
  },
  {
    id: 'fytv-msrx-20261118-01',
    title: '临泉县：80岁老人独居，家中电线老化存隐患',
    html: p(
      '临泉县一位热心市民打来电话，说邻居家80多岁的老人独自生活，家里的电线是几十年前拉的，外皮已经开裂，',
      '担心冬天用电取暖出事，希望有关部门上门看看。',
    ),
    publishedAt: at(18, 18, 33),
    link: 'https://www.fytv.example/msrx/2026/11/18/01.html',
    category: '求助',
  },
  {
    id: 'fytv-msrx-20261119-01',
    title: '记者回访：文峰社区污水外溢问题已解决',
    html: p(
      '本栏目11月12日报道了清河街道文峰社区门口污水外溢的问题。节目播出后，街道和物业连夜组织疏通，',
      '更换了破损的管道。记者回访时看到，路面已经冲洗干净，居民们纷纷点赞。',
    ),
    publishedAt: at(19, 18, 30),
    link: 'https://www.fytv.example/msrx/2026/11/19/01.html',
    category: '表扬',
  },
  {
    id: 'fytv-msrx-20261120-01',
    title: '阜南县：村里自来水三天两头停，村民只能买桶装水',
    html: p(
      '阜南县一位村民反映，村里通自来水以后，最近一个月三天两头停水，每次停一两天，',
      '也没人提前通知，家里老人孩子只能买桶装水做饭。',
    ),
    publishedAt: at(20, 18, 29),
    link: 'https://www.fytv.example/msrx/2026/11/20/01.html',
    category: '投诉',
  },
];

const ATOM_ITEMS: FeedItem[] = [
  {
    id: 'tag:yzwb.example,2026:rexian/50211',
    title: '读者来电：小区电梯困人半小时 物业迟迟不到场',
    html: p(
      '本报热线接到颍州区读者王先生来电，他所住小区的电梯前天晚上突然停在两层之间，',
      '他和孩子被困了半个多小时，打物业值班电话一直没人接，最后是消防员赶到才把人救出。',
    ),
    publishedAt: at(13, 9, 15),
    link: 'https://www.yzwb.example/rexian/50211.html',
    category: '投诉',
  },
  {
    id: 'tag:yzwb.example,2026:rexian/50230',
    title: '读者求助：孩子医保异地报销怎么办理？',
    html: p(
      '读者李女士在合肥工作，孩子的医保参保在阜阳，前段时间孩子在合肥住院，',
      '她想知道异地就医备案和报销需要准备哪些材料。本报已将问题转交市医保局。',
    ),
    publishedAt: at(14, 10, 2),
    link: 'https://www.yzwb.example/rexian/50230.html',
    category: '咨询',
  },
  {
    id: 'tag:yzwb.example,2026:rexian/50256',
    title: '颍上县：路灯不亮两个月 夜里出行摸黑',
    html: p(
      '颍上县慎城镇读者反映，镇上一条主干道的路灯已经两个月不亮了，晚上骑电动车只能靠车灯，',
      '前几天还有老人在路边摔倒。',
    ),
    publishedAt: at(16, 8, 40),
    link: 'https://www.yzwb.example/rexian/50256.html',
    category: '投诉',
  },
  {
    id: 'tag:yzwb.example,2026:rexian/50271',
    title: '建筑工地夜间施工 附近居民难入睡',
    html: p(
      '多位读者来电反映，颍州区西湖大道附近一处工地连续多天施工到凌晨，',
      '搅拌车、打桩机的声音很大，附近居民休息受到严重影响。',
    ),
    publishedAt: at(18, 9, 5),
    link: 'https://www.yzwb.example/rexian/50271.html',
    category: '投诉',
  },
  {
    id: 'tag:yzwb.example,2026:rexian/50288',
    title: '读者建议：学校门口增设护学岗',
    html: p(
      '读者赵先生建议，颍东区一所小学门口是丁字路口，放学时车流量大，',
      '希望交警部门在上下学时段增设护学岗，并施划斑马线。',
    ),
    publishedAt: at(19, 11, 20),
    link: 'https://www.yzwb.example/rexian/50288.html',
    category: '建议',
  },
  {
    id: 'tag:yzwb.example,2026:rexian/50302',
    title: '曝光：小餐馆后厨卫生脏乱差',
    html: p(
      '有读者向本报热线爆料，城区一家小餐馆后厨油污遍地，食材直接放在地上，',
      '记者暗访时看到的情况与读者描述基本一致。本报已将线索转交市场监管部门。',
    ),
    publishedAt: at(21, 8, 55),
    link: 'https://www.yzwb.example/rexian/50302.html',
    category: '曝光',
  },
];

const JSON_ITEMS: FeedItem[] = [
  {
    id: '880131',
    title: '听众反映：出租车不打表 随意要价',
    html: p(
      '听众刘先生在《行风热线》中反映，他晚上在火车站打车回家，司机不打表，开口就要40元，',
      '平时打表只要十几块钱。希望交通运输部门加强管理。',
    ),
    publishedAt: at(12, 10, 10),
    link: 'https://www.fyjt.example/hotline/880131.html',
    category: '投诉',
  },
  {
    id: '880145',
    title: '供电公司做客直播间 回应临泉县频繁停电问题',
    html: p(
      '本期《行风热线》邀请供电公司负责人做客直播间。针对临泉县部分乡镇频繁停电的问题，',
      '负责人表示，主要原因是线路改造，预计本月底全部完工，今后停电将提前三天公告。',
    ),
    publishedAt: at(13, 10, 5),
    link: 'https://www.fyjt.example/hotline/880145.html',
    category: '咨询',
  },
  {
    id: '880162',
    title: '听众求助：农民工工资被拖欠半年',
    html: p(
      '太和县听众陈师傅打进热线，说他和十几名工友在一处工地干了大半年，',
      '包工头拖欠工资六万多元一直不给，快过年了，家里等着用钱。',
    ),
    publishedAt: at(15, 10, 12),
    link: 'https://www.fyjt.example/hotline/880162.html',
    category: '求助',
  },
  {
    id: '880177',
    title: '驾校收费不透明 学员被要求额外交钱',
    html: p(
      '听众小吴反映，他报名的驾校在科目二考试前要求学员额外交800元“练车费”，',
      '报名时并没有说明。他希望有关部门查一查。',
    ),
    publishedAt: at(17, 10, 8),
    link: 'https://www.fyjt.example/hotline/880177.html',
    category: '举报',
  },
  {
    id: '880190',
    title: '听众点赞：公交司机帮晕倒乘客及时送医',
    html: p(
      '听众孙阿姨打进热线，特别表扬了一位公交司机：前几天车上一位老人突然晕倒，',
      '司机立即停车拨打120，并和乘客一起把老人送上救护车。',
    ),
    publishedAt: at(20, 10, 15),
    link: 'https://www.fyjt.example/hotline/880190.html',
    category: '表扬',
  },
  {
    id: '880204',
    title: '界首市：乡村公路坑洼不平 货车压坏路面',
    html: p(
      '界首市一位听众反映，村里去年才修的水泥路，被过往的重载货车压得坑坑洼洼，',
      '雨天积水很深，电动车经常陷进去。',
    ),
    publishedAt: at(22, 10, 3),
    link: 'https://www.fyjt.example/hotline/880204.html',
    category: '投诉',
  },
];

export function mediaFeedFixtures(): Record<FeedKey, FeedItem[]> {
  return structuredClone({ rss: RSS_ITEMS, atom: ATOM_ITEMS, json: JSON_ITEMS });
}

const xmlEscape = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
const cdata = (s: string): string => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');
const wall = (ms: number): Date => new Date(ms + 8 * 3600_000);

/** RFC 822 as Chinese CMSes write it: local time with +0800. */
export function rfc822(ms: number): string {
  const d = wall(ms);
  return (
    `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0800`
  );
}
export const isoShanghai = (ms: number): string => `${wall(ms).toISOString().slice(0, 19)}+08:00`;
export const localShanghai = (ms: number): string => isoShanghai(ms).slice(0, 19).replace('T', ' ');

function renderRss(items: FeedItem[], layoutChanged: boolean): string {
  const tag = layoutChanged ? 'article' : 'item';
  const body = items
    .map(
      (i) =>
        `<${tag}><title>${xmlEscape(i.title)}</title><link>${xmlEscape(i.link)}</link>` +
        `<description>${cdata(i.html)}</description>` +
        (i.category ? `<category>${xmlEscape(i.category)}</category>` : '') +
        `<author>${FEED_PROGRAMS.rss}</author><pubDate>${rfc822(i.publishedAt)}</pubDate>` +
        `<guid isPermaLink="false">${xmlEscape(i.id)}</guid></${tag}>`,
    )
    .join('\n');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>' +
    '<title>阜阳电视台《民生热线》</title><link>https://www.fytv.example/msrx/</link>' +
    '<description>百姓身边事，民生无小事</description><language>zh-cn</language>\n' +
    `${body}\n</channel></rss>`
  );
}

function renderAtom(items: FeedItem[], layoutChanged: boolean): string {
  const tag = layoutChanged ? 'post' : 'entry';
  const updated = items.reduce((m, i) => Math.max(m, i.publishedAt), 0);
  const body = items
    .map(
      (i) =>
        `<${tag}><id>${xmlEscape(i.id)}</id><title type="text">${xmlEscape(i.title)}</title>` +
        `<link rel="alternate" type="text/html" href="${xmlEscape(i.link)}"/>` +
        `<published>${isoShanghai(i.publishedAt)}</published><updated>${isoShanghai(i.publishedAt)}</updated>` +
        `<author><name>${FEED_PROGRAMS.atom}</name></author>` +
        (i.category ? `<category term="${xmlEscape(i.category)}"/>` : '') +
        `<content type="html">${xmlEscape(i.html)}</content></${tag}>`,
    )
    .join('\n');
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">' +
    '<title>颍州晚报 · 热线</title><id>tag:yzwb.example,2026:rexian</id>' +
    `<updated>${isoShanghai(updated)}</updated>\n${body}\n</feed>`
  );
}

function renderJson(items: FeedItem[], layoutChanged: boolean): string {
  const list = items.map((i) => ({
    newsId: i.id,
    title: i.title,
    columnName: i.category,
    content: i.html,
    pubTime: localShanghai(i.publishedAt),
    url: i.link,
    source: `阜阳交通广播《${FEED_PROGRAMS.json}》`,
  }));
  const data = layoutChanged ? { records: list, total: list.length } : { list, total: list.length };
  return JSON.stringify({ code: 0, msg: 'success', data });
}

export interface MediaFeedFaults {
  /** Answer the next N feed requests 503. */
  failNext?: number;
  /** The site was redesigned: feeds still answer, but their items are where no reader looks. */
  layoutChanged?: boolean;
}

export interface MediaFeedsSim {
  handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean;
  items(feed: FeedKey): FeedItem[];
  addItem(feed: FeedKey, item: FeedItem): void;
  updateItem(feed: FeedKey, id: string, patch: Partial<Omit<FeedItem, 'id'>>): FeedItem;
  /** Serves this text instead of the item with that id (to break one item). */
  setRawItem(feed: FeedKey, id: string, raw: Partial<Record<'title' | 'html' | 'publishedAt', string>>): void;
  setFaults(f: MediaFeedFaults): void;
  requestCount(): number;
}

export function createMediaFeeds(opts: { prefix?: string } = {}): MediaFeedsSim {
  const prefix = opts.prefix ?? MEDIA_PREFIX;
  const store = mediaFeedFixtures();
  const rawOverrides = new Map<string, Partial<Record<'title' | 'html' | 'publishedAt', string>>>();
  let faults: Required<MediaFeedFaults> = { failNext: 0, layoutChanged: false };
  let served = 0;

  const newestFirst = (feed: FeedKey): FeedItem[] =>
    [...store[feed]].sort((a, b) => b.publishedAt - a.publishedAt);

  const render = (feed: FeedKey): string => {
    const items = newestFirst(feed);
    let text =
      feed === 'rss'
        ? renderRss(items, faults.layoutChanged)
        : feed === 'atom'
          ? renderAtom(items, faults.layoutChanged)
          : renderJson(items, faults.layoutChanged);
    // Overrides replace a field's rendered value verbatim (e.g. an empty title, a garbled date).
    for (const item of items) {
      const o = rawOverrides.get(`${feed}:${item.id}`);
      if (!o) continue;
      const swap = (from: string, to: string) => {
        text = text.replace(from, to);
      };
      if (feed === 'json') {
        const pairs: [string, string | undefined, string][] = [
          ['title', o.title, item.title],
          ['content', o.html, item.html],
          ['pubTime', o.publishedAt, localShanghai(item.publishedAt)],
        ];
        for (const [k, v, old] of pairs)
          if (v !== undefined) swap(`"${k}":${JSON.stringify(old)}`, `"${k}":${JSON.stringify(v)}`);
      } else if (feed === 'rss') {
        if (o.title !== undefined)
          swap(`<title>${xmlEscape(item.title)}</title>`, `<title>${o.title}</title>`);
        if (o.html !== undefined)
          swap(`<description>${cdata(item.html)}</description>`, `<description>${o.html}</description>`);
        if (o.publishedAt !== undefined)
          swap(`<pubDate>${rfc822(item.publishedAt)}</pubDate>`, `<pubDate>${o.publishedAt}</pubDate>`);
      } else {
        if (o.title !== undefined)
          swap(
            `<title type="text">${xmlEscape(item.title)}</title>`,
            `<title type="text">${o.title}</title>`,
          );
        if (o.html !== undefined)
          swap(
            `<content type="html">${xmlEscape(item.html)}</content>`,
            `<content type="html">${o.html}</content>`,
          );
        if (o.publishedAt !== undefined) {
          swap(
            `<published>${isoShanghai(item.publishedAt)}</published>`,
            `<published>${o.publishedAt}</published>`,
          );
          swap(`<updated>${isoShanghai(item.publishedAt)}</updated>`, `<updated>${o.publishedAt}</updated>`);
        }
      }
    }
    return text;
  };

  const CONTENT_TYPES: Record<FeedKey, string> = {
    rss: 'application/rss+xml; charset=utf-8',
    atom: 'application/atom+xml; charset=utf-8',
    json: 'application/json; charset=utf-8',
  };

  const send = (res: ServerResponse, status: number, type: string, body: string): void => {
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };

  return {
    handle(req, res, url) {
      if (!url.pathname.startsWith(`${prefix}/`)) return false;
      const path = url.pathname.slice(prefix.length);
      const feed = (Object.keys(FEED_PATHS) as FeedKey[]).find((k) => FEED_PATHS[k] === path);
      if (!feed || req.method !== 'GET') {
        send(res, 404, 'text/html; charset=utf-8', '<html><body>页面不存在</body></html>');
        return true;
      }
      served++;
      if (faults.failNext > 0) {
        faults.failNext--;
        send(res, 503, 'text/html; charset=utf-8', '<html><body>服务暂不可用</body></html>');
        return true;
      }
      send(res, 200, CONTENT_TYPES[feed], render(feed));
      return true;
    },
    items: (feed) => structuredClone(newestFirst(feed)),
    addItem(feed, item) {
      if (store[feed].some((i) => i.id === item.id)) throw new RangeError(`duplicate id ${item.id}`);
      store[feed].push({ ...item });
    },
    updateItem(feed, id, patch) {
      const item = store[feed].find((i) => i.id === id);
      if (!item) throw new RangeError(`no item ${id} in ${feed}`);
      Object.assign(item, patch);
      return { ...item };
    },
    setRawItem(feed, id, raw) {
      if (!store[feed].some((i) => i.id === id)) throw new RangeError(`no item ${id} in ${feed}`);
      rawOverrides.set(`${feed}:${id}`, raw);
    },
    setFaults(f) {
      faults = { ...faults, ...f };
    },
    requestCount: () => served,
  };
}

export interface MediaFeedsSimulator {
  /** Base URL including the prefix; feeds are at `${url}${FEED_PATHS[key]}`. */
  url: string;
  feedUrl(feed: FeedKey): string;
  feeds: MediaFeedsSim;
  close(): Promise<void>;
}

export async function startMediaFeedsSimulator(
  opts: { port?: number; host?: string } = {},
): Promise<MediaFeedsSimulator> {
  const feeds = createMediaFeeds();
  const server = await serveLocally(
    (req, res, url) => feeds.handle(req, res, url),
    (res) => {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    },
    opts,
  );
  const url = `${server.origin}${MEDIA_PREFIX}`;
  return {
    url,
    feedUrl: (feed) => `${url}${FEED_PATHS[feed]}`,
    feeds,
    close: () => server.close(),
  };
}
