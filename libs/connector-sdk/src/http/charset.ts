import * as iconv from 'iconv-lite';

/** How far into the document a `<meta>` charset declaration is looked for (the HTML spec's prescan reads 1024). */
const SNIFF_BYTES = 2048;

/**
 * Labels decoded as GB18030. Sites label GBK pages "gb2312" and still use characters outside GB2312 (e.g. 喆);
 * GB18030 is a superset of both, so decoding with it never loses a character the page meant.
 */
const GB_FAMILY = new Set([
  'gb2312',
  'gb_2312',
  'gb_2312-80',
  'csgb2312',
  'euc-cn',
  'x-euc-cn',
  'gbk',
  'x-gbk',
  'cp936',
  'ms936',
  'windows-936',
  'gb18030',
  'chinese',
  'iso-ir-58',
]);

const HEADER_CHARSET = /charset\s*=\s*["']?\s*([\w.:-]+)/i;
// Matches both <meta charset="gbk"> and <meta http-equiv="Content-Type" content="text/html; charset=gbk">.
const META_CHARSET = /<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i;

function normalize(label: string | undefined): string | undefined {
  const name = label?.trim().toLowerCase();
  if (!name) return undefined;
  if (GB_FAMILY.has(name)) return 'gb18030';
  if (name === 'utf8') return 'utf-8';
  return iconv.encodingExists(name) ? name : undefined;
}

/**
 * Decodes an HTML body. The charset comes from the Content-Type header, else from a `<meta>` declaration in the
 * first 2 KB (read as latin1, which every byte maps to), else UTF-8. A UTF-8 byte-order mark overrides both.
 * Unknown labels fall back to the next source, then to UTF-8.
 */
export function decodeHtml(bytes: Buffer, contentTypeHeader: string): { text: string; charset: string } {
  let charset: string;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    charset = 'utf-8';
  } else {
    const fromHeader = normalize(HEADER_CHARSET.exec(contentTypeHeader)?.[1]);
    const fromMeta = fromHeader
      ? undefined
      : normalize(META_CHARSET.exec(bytes.subarray(0, SNIFF_BYTES).toString('latin1'))?.[1]);
    charset = fromHeader ?? fromMeta ?? 'utf-8';
  }
  return { text: iconv.decode(bytes, charset), charset };
}
