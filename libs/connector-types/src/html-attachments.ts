import { type CheerioAPI } from 'cheerio';
import { attachmentRef, type AttachmentRef } from '@minsheng/connector-sdk';

/** A cheerio selection, named without importing domhandler (not a direct dependency). */
type Selection = ReturnType<CheerioAPI>;

/**
 * More than this on one page is a gallery or a page template, not what one citizen sent: the first ones are kept
 * (each is a fetch, a blob and a capture row).
 */
export const MAX_PAGE_ATTACHMENTS = 20;

/** Links to files (not to other pages): the extensions the capture can store, by the path of the URL. */
const FILE_LINK =
  /\.(jpe?g|png|gif|webp|bmp|heic|mp4|mov|webm|3gp|m4v|avi|mp3|m4a|amr|wav|aac|ogg|pdf|docx?|xlsx?|pptx?|odt|wps)$/i;

/** Where a page names a file, and what that says of its kind (a hint: the capture sniffs the bytes). */
const SOURCES: { selector: string; attrs: string[]; label?: string }[] = [
  // Lazy-loading pages keep the real picture in data-src / data-original and a placeholder in src.
  { selector: 'img', attrs: ['data-original', 'data-src', 'src'], label: 'image' },
  { selector: 'video, video > source', attrs: ['src'], label: 'video' },
  { selector: 'audio, audio > source', attrs: ['src'], label: 'audio' },
  { selector: 'a[href]', attrs: ['href'] },
];

/** `raw` resolved against the page, without its fragment; undefined when it is not an http(s) file reference. */
function resolve(raw: string, pageUrl: string | undefined): URL | undefined {
  const text = raw.trim();
  if (!text) return undefined;
  let url: URL;
  try {
    url = pageUrl === undefined ? new URL(text) : new URL(text, pageUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  return url;
}

/**
 * The files a page's citizen-written part shows or links to (issue 15, decision 021): pictures, videos and audio by
 * their elements, and links whose path ends in a file extension. Relative URLs are resolved against the page;
 * anything that is not http(s) (`data:`, `javascript:`, `blob:`, `file:` …) is dropped, as the item contract refuses
 * it; each URL once (fragment ignored), in page order, at most MAX_PAGE_ATTACHMENTS. Where they lead is judged later,
 * by the egress policy, when the capture fetches them.
 */
export function pageAttachments($: CheerioAPI, scope: Selection, pageUrl?: string): AttachmentRef[] {
  const seen = new Set<string>();
  const out: AttachmentRef[] = [];
  for (const node of scope.find(SOURCES.map((s) => s.selector).join(', ')).toArray()) {
    if (out.length >= MAX_PAGE_ATTACHMENTS) break;
    const el = $(node);
    const source = SOURCES.find((s) => el.is(s.selector));
    if (!source) continue;
    const raw = source.attrs.map((a) => el.attr(a)).find((v) => v !== undefined && v.trim() !== '');
    const url = raw === undefined ? undefined : resolve(raw, pageUrl);
    if (!url || seen.has(url.href)) continue;
    if (!source.label && !FILE_LINK.test(url.pathname)) continue;
    const ref = attachmentRef(url.href, source.label);
    if (!ref) continue;
    seen.add(url.href);
    out.push(ref);
  }
  return out;
}
