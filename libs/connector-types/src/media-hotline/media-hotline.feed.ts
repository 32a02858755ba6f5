import { load, type CheerioAPI } from 'cheerio';
import { ConnectorError } from '@minsheng/connector-sdk';
import { type MediaHotlineJson } from './media-hotline.config';

export type FeedFormat = 'rss' | 'atom' | 'json';

/** One item of a feed, with its fields as text (body may still be HTML). */
export interface FeedEntry {
  /** The item exactly as it appears in the feed (XML element or JSON). */
  raw: string;
  contentType: string;
  guid: string;
  link: string;
  title: string;
  body: string;
  publishedAt: string;
  category: string;
}

export interface ParsedFeed {
  format: FeedFormat;
  entries: FeedEntry[];
  /** False when a JSON list has no array at the configured itemsPath. */
  found: boolean;
}

/** Guesses the format from the document itself; null when it is neither a feed nor JSON. */
export function sniffFormat(body: string): FeedFormat | null {
  const text = body.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return 'json';
  if (!text.startsWith('<')) return null;
  const $ = load(text, { xml: true });
  const root = $.root().children().first();
  const name = (root.prop('tagName') ?? '').toLowerCase();
  if (name === 'rss' || name === 'rdf:rdf') return 'rss';
  if (name === 'feed') return 'atom';
  return null;
}

/** cheerio's element selections, named without importing domhandler (not a direct dependency). */
type Els = ReturnType<ReturnType<CheerioAPI['root']>['children']>;

/** Direct children of `el` named `name` (namespace prefix included, case-insensitive). */
function child(el: Els, name: string): Els {
  return el.children().filter((_, c) => c.tagName.toLowerCase() === name);
}

const textOf = (el: Els): string => el.first().text().trim();

function parseRss(body: string): FeedEntry[] {
  const $ = load(body, { xml: true });
  return $('item')
    .toArray()
    .map((node) => {
      const el = $(node);
      const encoded = textOf(child(el, 'content:encoded'));
      return {
        raw: $.xml(node),
        contentType: 'application/rss+xml',
        guid: textOf(child(el, 'guid')),
        link: textOf(child(el, 'link')),
        title: textOf(child(el, 'title')),
        body: encoded || textOf(child(el, 'description')),
        publishedAt: textOf(child(el, 'pubdate')) || textOf(child(el, 'dc:date')),
        category: textOf(child(el, 'category')),
      };
    });
}

function parseAtom(body: string): FeedEntry[] {
  const $ = load(body, { xml: true });
  return $('entry')
    .toArray()
    .map((node) => {
      const el = $(node);
      const links = child(el, 'link');
      const alternate = links.filter((_, l) => ($(l).attr('rel') ?? 'alternate') === 'alternate').first();
      const contentEl = child(el, 'content').first();
      const summaryEl = child(el, 'summary').first();
      const bodyOf = (c: Els): string =>
        c.attr('type') === 'xhtml' ? (c.html() ?? '').trim() : c.text().trim();
      const category = child(el, 'category').first();
      return {
        raw: $.xml(node),
        contentType: 'application/atom+xml',
        guid: textOf(child(el, 'id')),
        link: (alternate.attr('href') ?? '').trim(),
        title: textOf(child(el, 'title')),
        body: bodyOf(contentEl) || bodyOf(summaryEl),
        publishedAt: textOf(child(el, 'published')) || textOf(child(el, 'updated')),
        category: (category.attr('label') ?? category.attr('term') ?? '').trim(),
      };
    });
}

/** The value at a dot path; '' is the value itself. */
export function atPath(value: unknown, path: string): unknown {
  if (!path) return value;
  let v = value;
  for (const key of path.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function scalar(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

function parseJson(body: string, json: MediaHotlineJson): FeedEntry[] | null {
  let doc: unknown;
  try {
    doc = JSON.parse(body.replace(/^\uFEFF/, ''));
  } catch {
    throw new ConnectorError('malformed', `the JSON list is not JSON (${body.length} chars)`);
  }
  const items = atPath(doc, json.itemsPath);
  if (!Array.isArray(items)) return null;
  const f = json.fields;
  return (items as unknown[]).map((item) => ({
    raw: JSON.stringify(item),
    contentType: 'application/json',
    guid: scalar(atPath(item, f.id)),
    link: scalar(atPath(item, f.link)),
    title: scalar(atPath(item, f.title)),
    body: scalar(atPath(item, f.content)),
    publishedAt: scalar(atPath(item, f.publishedAt)),
    category: f.type ? scalar(atPath(item, f.type)) : '',
  }));
}

/**
 * Splits a feed into its items. A document that is not the expected kind of feed is `malformed`; a feed of the
 * right kind without items is an empty list (the caller decides whether that means the layout changed).
 */
export function parseFeed(body: string, format: FeedFormat | undefined, json: MediaHotlineJson): ParsedFeed {
  const sniffed = sniffFormat(body);
  const fmt = format ?? sniffed;
  if (!fmt) throw new ConnectorError('malformed', 'the document is neither an RSS/Atom feed nor JSON');
  if (fmt !== 'json' && sniffed !== fmt)
    throw new ConnectorError('malformed', `the document is not an ${fmt === 'rss' ? 'RSS' : 'Atom'} feed`);
  const entries = fmt === 'rss' ? parseRss(body) : fmt === 'atom' ? parseAtom(body) : parseJson(body, json);
  return { format: fmt, entries: entries ?? [], found: entries !== null };
}
