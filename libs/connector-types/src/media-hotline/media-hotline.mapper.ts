import { load } from 'cheerio';
import { appealTypeFromLabel } from '@minsheng/shared/contracts';
import { type ItemDraft } from '@minsheng/connector-sdk';
import { type FeedEntry } from './media-hotline.feed';

const MAX_TITLE = 500;
const MAX_CONTENT = 20000;
const SHANGHAI_MS = 8 * 3600_000;

/** An instant as Asia/Shanghai wall time with an explicit +08:00 offset (China has no DST). */
export function msToShanghaiIso(ms: number): string {
  return `${new Date(ms + SHANGHAI_MS).toISOString().slice(0, 19)}+08:00`;
}

const LOCAL = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2}|\bGMT|\bUTC?)$/i;

/**
 * Feed times in the forms media sites use: RFC 822 (RSS), ISO 8601 with offset (Atom), epoch seconds or ms, and
 * zone-less local times, read as Asia/Shanghai. Chinese feeds write `CST` for China Standard Time, not US Central.
 * Returns epoch ms, or null when the text is no time or names no zone we can trust.
 */
export function parseFeedTime(text: string): number | null {
  const ms = readFeedTime(text);
  return ms !== null && writableYear(ms) ? ms : null;
}

/** Only years 0001–9999 (Shanghai) make an ISO 8601 date; past ±8.64e15 ms a Date cannot even hold the instant. */
function writableYear(ms: number): boolean {
  const year = new Date(ms + SHANGHAI_MS).getUTCFullYear();
  return year >= 1 && year <= 9999;
}

function readFeedTime(text: string): number | null {
  const t = text.trim().replace(/\s+/g, ' ');
  if (!t) return null;
  if (/^\d{10}$/.test(t)) return Number(t) * 1000;
  if (/^\d{13}$/.test(t)) return Number(t);
  const local = LOCAL.exec(t);
  if (local) {
    const [y, mo, d, h, mi, s] = local.slice(1, 7).map((v) => Number(v ?? 0));
    const utc = Date.UTC(y, mo - 1, d, h, mi, s);
    const back = new Date(utc);
    if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23) return null;
    return utc - SHANGHAI_MS;
  }
  const zoned = t.replace(/ CST$/i, ' +0800').replace(/ \+08:?00 ?\(CST\)$/i, ' +0800');
  if (!HAS_ZONE.test(zoned)) return null;
  const ms = Date.parse(zoned);
  return Number.isFinite(ms) ? ms : null;
}

/** HTML (or plain text) as readable text: block elements and <br> become line breaks, entities are decoded. */
export function htmlToText(html: string): string {
  let text = html;
  if (/<[a-z!/][^>]*>/i.test(html)) {
    const $ = load(html);
    $('script, style').remove();
    $('br').replaceWith('\n');
    $('p, div, li, h1, h2, h3, h4, h5, h6, tr, blockquote').each((_, el) => {
      $(el).append('\n');
    });
    text = $.root().text();
  } else if (/&[#a-z0-9]+;/i.test(html)) {
    text = load(`<p>${html}</p>`)('p').text();
  }
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[\s\u3000]+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

/** An absolute http(s) URL for the link, resolved against the feed; undefined when there is none. */
export function absoluteUrl(link: string, feedUrl: string): string | undefined {
  if (!link) return undefined;
  try {
    const url = new URL(link, feedUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

export type MapResult = { draft: ItemDraft } | { error: string };

/**
 * One feed item as a draft. Deterministic (no clock, fixed key order): the framework hashes the draft, and an
 * unchanged item must hash the same on every pull. Media reports are published on air or in print, so the
 * reporter is public but unnamed; there is no place or target in a feed item.
 */
export function mapEntry(e: FeedEntry, program: string, feedUrl: string): MapResult {
  const title = htmlToText(e.title).replace(/\n/g, ' ');
  const body = htmlToText(e.body);
  if (!title && !body) return { error: 'item has neither title nor content' };
  const at = parseFeedTime(e.publishedAt);
  if (at === null)
    return {
      error: e.publishedAt
        ? `unreadable publication time ${JSON.stringify(e.publishedAt)}`
        : 'no publication time',
    };
  const category = e.category.trim();
  return {
    draft: {
      externalUrl: absoluteUrl(e.link, feedUrl),
      submittedAt: msToShanghaiIso(at),
      title: title ? [...title].slice(0, MAX_TITLE).join('') : undefined,
      content: [...(body || title)].slice(0, MAX_CONTENT).join(''),
      appealType: category === '曝光' ? 'complaint' : appealTypeFromLabel(category, 'complaint'),
      sourceTypeLabel: category || undefined,
      sourceDomainLabel: program,
      location: { precision: 'none', origin: 'none' },
      reporter: { anonymous: true, publicVisible: true },
      attachments: [],
      riskFlags: [],
    },
  };
}
