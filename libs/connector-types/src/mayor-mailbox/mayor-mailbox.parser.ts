import { load, type CheerioAPI } from 'cheerio';
import { type AttachmentRef } from '@minsheng/connector-sdk';
import { pageAttachments } from '../html-attachments';
import { type MayorMailboxConfig } from './mayor-mailbox.config';

type Selectors = MayorMailboxConfig['selectors'];
type DetailSelectors = Selectors['detail'];

/** A configured selector cheerio cannot parse; `field` is its path in the config, e.g. selectors.detail.name. */
export class SelectorSyntaxError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'SelectorSyntaxError';
  }
}

export interface ListRow {
  /** Identifies the letter across runs: its number when the list shows it, else the detail URL. */
  key: string;
  letterNo?: string;
  title: string;
  detailUrl: string;
  status: string;
  replyTime: string;
  /** What the cursor remembers: a letter whose row still has this fingerprint needs no new detail fetch. */
  fingerprint: string;
}

export interface LetterDetail {
  letterNo: string;
  /** ISO 8601 with +08:00. */
  receivedAt: string;
  type: string;
  name: string;
  title: string;
  content: string;
  /** Pictures and files in 来信内容 and the 附件 cell, resolved against the page (decision 021). */
  attachments: AttachmentRef[];
  reply?: { unit?: string; time?: string; text?: string };
}

const LABEL = /^[\u4e00-\u9fa5]{2,8}\s*[：:]\s*/;
const NEXT_LABEL = /\s+[\u4e00-\u9fa5]{2,8}\s*[：:][\s\S]*$/;
const DATE_TIME =
  /(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?/;

const pad = (n: string | undefined): string => (n ?? '0').padStart(2, '0');

/** The first date (and time) in a text, as Asia/Shanghai wall time with an explicit +08:00 offset. */
export function findShanghaiTime(text: string): string | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], pad(m[2]), pad(m[3]), pad(m[4]), pad(m[5]), pad(m[6])];
  const probe = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
  if (Number.isNaN(probe.getTime()) || probe.getUTCDate() !== Number(d) || probe.getUTCHours() !== Number(h))
    return undefined;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}+08:00`;
}

/** "答复单位：某局  答复时间：…" → "某局": drops the cell's own label and anything after a following label. */
export function labelValue(text: string): string {
  return text.replace(LABEL, '').replace(NEXT_LABEL, '').trim();
}

function select($: CheerioAPI, field: string, selector: string, scope?: Parameters<CheerioAPI>[0]) {
  try {
    return scope === undefined ? $(selector) : $(scope).find(selector);
  } catch (e) {
    throw new SelectorSyntaxError(
      field,
      `not a valid selector ${JSON.stringify(selector)}: ${(e as Error).message}`,
    );
  }
}

/** Text of the first match, with <br> and block boundaries as line breaks, each line trimmed, empty lines dropped. */
function textOf($: CheerioAPI, field: string, selector: string, scope?: Parameters<CheerioAPI>[0]): string {
  if (!selector) return '';
  const el = select($, field, selector, scope).first();
  if (el.length === 0) return '';
  el.find('br').replaceWith('\n');
  el.find('p, div').append('\n');
  return el
    .text()
    .split('\n')
    .map((line) => line.replace(/\s+/g, (ws) => (/[\u3000]/.test(ws) ? '  ' : ' ')).trim())
    .filter(Boolean)
    .join('\n');
}

/** Checks every configured selector's syntax without a document; returns the offending fields. */
export function selectorSyntaxErrors(selectors: Selectors): { field: string; message: string }[] {
  const $ = load('<html><body></body></html>');
  const errors: { field: string; message: string }[] = [];
  const each: [string, string][] = [
    ...Object.entries(selectors)
      .filter((e): e is [string, string] => typeof e[1] === 'string')
      .map(([k, v]): [string, string] => [`selectors.${k}`, v]),
    ...Object.entries(selectors.detail).map(([k, v]): [string, string] => [`selectors.detail.${k}`, v]),
  ];
  for (const [field, selector] of each) {
    if (!selector) continue;
    try {
      select($, field, selector);
    } catch (e) {
      errors.push({ field, message: (e as Error).message });
    }
  }
  return errors;
}

/** The letters on one list page, in page order; rows without a detail link are skipped. */
export function parseList(html: string, pageUrl: string, selectors: Selectors): ListRow[] {
  const $ = load(html);
  const rows: ListRow[] = [];
  for (const row of select($, 'selectors.row', selectors.row).toArray()) {
    const link = select($, 'selectors.link', selectors.link, row).first();
    const href = link.attr('href')?.trim();
    if (!href || href.startsWith('javascript:')) continue;
    let detailUrl: string;
    try {
      detailUrl = new URL(href, pageUrl).toString();
    } catch {
      continue;
    }
    const letterNo = textOf($, 'selectors.listLetterNo', selectors.listLetterNo, row) || undefined;
    const status = labelValue(textOf($, 'selectors.listStatus', selectors.listStatus, row));
    const replyTime = labelValue(textOf($, 'selectors.listReplyTime', selectors.listReplyTime, row));
    rows.push({
      key: letterNo ?? detailUrl,
      letterNo,
      title: (link.attr('title') ?? link.text()).trim(),
      detailUrl,
      status,
      replyTime,
      fingerprint: `${status}|${replyTime}`,
    });
  }
  return rows;
}

/** `blank`: which of the fields every letter has (number, time, type, name, content) came out empty or unreadable. */
export type DetailParse =
  | { ok: true; letter: LetterDetail; blank: (keyof DetailSelectors)[] }
  | { ok: false; error: string; blank: (keyof DetailSelectors)[] };

/** The letter's files: inside 来信内容, then in the 附件 cell, each URL once. */
function letterAttachments($: CheerioAPI, selectors: DetailSelectors, pageUrl?: string): AttachmentRef[] {
  const cells = [
    ['content', selectors.content],
    ['attachments', selectors.attachments],
  ] as const;
  const refs = cells.flatMap(([field, selector]) =>
    selector ? pageAttachments($, select($, `selectors.detail.${field}`, selector).first(), pageUrl) : [],
  );
  return refs.filter((r, i) => refs.findIndex((o) => o.url === r.url) === i);
}

/**
 * One letter's detail page; missing letter number, content or a readable 来信时间 makes it unparseable. `pageUrl`
 * (the detail page's own URL) resolves relative file links.
 */
export function parseDetail(
  html: string,
  selectors: DetailSelectors,
  listTitle = '',
  pageUrl?: string,
): DetailParse {
  const $ = load(html);
  // Before the texts are read: reading a cell rewrites its <br>s and blocks in place.
  const attachments = letterAttachments($, selectors, pageUrl);
  const text = (f: keyof DetailSelectors): string => textOf($, `selectors.detail.${f}`, selectors[f]);
  const letterNo = labelValue(text('letterNo'));
  const receivedText = text('receivedAt');
  const receivedAt = findShanghaiTime(receivedText);
  const content = text('content');
  const missing: (keyof DetailSelectors)[] = [];
  if (!letterNo) missing.push('letterNo');
  if (!receivedAt) missing.push('receivedAt');
  if (!content) missing.push('content');
  const type = labelValue(text('type'));
  const name = labelValue(text('name'));
  const alsoBlank: (keyof DetailSelectors)[] = [
    ...(type ? [] : ['type' as const]),
    ...(name ? [] : ['name' as const]),
  ];
  if (missing.length > 0 || !receivedAt) {
    const what = missing.map((f) => (f === 'receivedAt' && receivedText ? `${f} (${receivedText})` : f));
    return { ok: false, error: `detail page lacks ${what.join(', ')}`, blank: [...missing, ...alsoBlank] };
  }
  const replyText = text('replyText');
  const repliedAt = findShanghaiTime(text('replyTime'));
  const replyUnit = labelValue(text('replyUnit'));
  const replied = Boolean(replyText || repliedAt);
  return {
    ok: true,
    letter: {
      letterNo,
      receivedAt,
      type,
      name,
      title: labelValue(text('title')) || listTitle,
      content,
      attachments,
      reply: replied
        ? { unit: replyUnit || undefined, time: repliedAt, text: replyText || undefined }
        : undefined,
    },
    blank: alsoBlank,
  };
}
