import { load, type CheerioAPI } from 'cheerio';
import { type AttachmentRef } from '@minsheng/connector-sdk';
import { pageAttachments } from '../html-attachments';

/** cheerio's element selections, named without importing domhandler (not a direct dependency). */
type Els = ReturnType<ReturnType<CheerioAPI['root']>['children']>;

/** What a thread's detail page (`/threads/content?tid=…`) adds to its list entry: the texts in full, the files. */
export interface LiuyanDetail {
  content: string;
  /** Pictures, videos and files the citizen's question shows or links to (the reply's are the unit's, not kept). */
  attachments: AttachmentRef[];
  reply?: string;
  repliedBy?: string;
  /** Asia/Shanghai, minute precision as the page shows it: `yyyy-MM-ddTHH:mm:00+08:00`. */
  repliedAt?: string;
}

export type DetailParse = { ok: true; detail: LiuyanDetail } | { ok: false; error: string };

const ELLIPSIS = /(\.{3}|…+)$/;

/**
 * The list cuts long texts to a preview ending in "..." (or "…"); such a text, and any reply (whose full text and
 * time only the detail page is sure to have), sends the connector to the detail page. A short text without an
 * ellipsis is a short message, not a cut one.
 */
export function isPreview(text: string): boolean {
  return ELLIPSIS.test(text.trim());
}

/** Text of an element with <br> as line breaks, each line trimmed (the page indents with full-width spaces). */
function textOf($: CheerioAPI, el: Els): string {
  const copy = el.clone();
  copy.find('br').replaceWith('\n');
  return $(copy)
    .text()
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const pad = (n: string): string => n.padStart(2, '0');

function shanghaiMinute(text: string): string | undefined {
  const m = /(\d{4})-(\d{1,2})-(\d{1,2})\s+(\d{1,2}):(\d{2})/.exec(text);
  return m ? `${m[1]}-${pad(m[2])}-${pad(m[3])}T${pad(m[4])}:${m[5]}:00+08:00` : undefined;
}

/**
 * Reads the detail page the way public scrapers of the board do: the question in `.liuyan_box03` (`p.content`,
 * `#zoom` on older pages), the reply in `.liuyan_box05` (`p.zoom`, the unit in `h3 i`, "回复时间：" in an `em`).
 * The question's box also holds the pictures and files the citizen sent; their URLs are resolved against `pageUrl`.
 */
export function parseDetail(html: string, pageUrl?: string): DetailParse {
  const $ = load(html);
  const question = $('.liuyan_box03 p.content').first();
  const body = question.length > 0 ? question : $('#zoom').first();
  const content = body.length > 0 ? textOf($, body) : '';
  if (!content) return { ok: false, error: 'the detail page has no question text (.liuyan_box03 p.content)' };
  // The question's box (pictures sit beside the text, not inside it); an old page without one: the text itself.
  const box = body.closest('.liuyan_box03');
  const attachments = pageAttachments($, box.length > 0 ? box : body, pageUrl);
  const replyBox = $('.liuyan_box05').first();
  const replyEl = replyBox.find('p.zoom').first();
  const reply = replyEl.length > 0 ? textOf($, replyEl) : '';
  if (!reply) return { ok: true, detail: { content, attachments } };
  const repliedBy = replyBox.find('h3 i').first().text().trim();
  return {
    ok: true,
    detail: {
      content,
      attachments,
      reply,
      repliedBy: repliedBy || undefined,
      repliedAt: shanghaiMinute(replyBox.find('em').text()),
    },
  };
}
