import * as iconv from 'iconv-lite';
import { decodeHtml } from './charset';

const page = (meta: string, body: string): string =>
  `<!DOCTYPE html><html><head>${meta}<title>市长信箱</title></head><body>${body}</body></html>`;

describe('decodeHtml', () => {
  it('takes the charset from the Content-Type header, decoding gb2312 as GB18030 so 喆 survives', () => {
    const bytes = iconv.encode(page('', '来信人：王喆'), 'gbk');
    const { text, charset } = decodeHtml(bytes, 'text/html; charset=GB2312');
    expect(charset).toBe('gb18030');
    expect(text).toContain('来信人：王喆');
    // A strict GB2312 decoder would not know 喆's bytes; the trap this avoids.
    expect(iconv.encode('喆', 'gbk')[0]).toBeLessThan(0xa1);
  });

  it('sniffs <meta charset> when the header has none', () => {
    const bytes = iconv.encode(page('<meta charset="gbk">', '阜阳市颍州区'), 'gbk');
    expect(decodeHtml(bytes, 'text/html')).toEqual({
      text: expect.stringContaining('阜阳市颍州区'),
      charset: 'gb18030',
    });
  });

  it('sniffs <meta http-equiv content="…charset=…"> in the first 2 KB, ignoring later declarations', () => {
    const early = page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', '颍上县');
    expect(decodeHtml(iconv.encode(early, 'gbk'), '').text).toContain('颍上县');
    const late = `<html><head>${' '.repeat(3000)}<meta charset="gbk"></head><body>颍上县</body></html>`;
    expect(decodeHtml(iconv.encode(late, 'gbk'), '').charset).toBe('utf-8');
  });

  it('prefers the header over <meta>, and falls back to UTF-8', () => {
    const utf8 = Buffer.from(page('<meta charset="gbk">', '临泉县'), 'utf8');
    expect(decodeHtml(utf8, 'text/html; charset="utf-8"')).toMatchObject({ charset: 'utf-8' });
    expect(decodeHtml(utf8, 'text/html; charset="utf-8"').text).toContain('临泉县');
    expect(decodeHtml(Buffer.from('<p>界首市</p>', 'utf8'), '')).toEqual({
      text: '<p>界首市</p>',
      charset: 'utf-8',
    });
  });

  it('ignores unknown labels and lets a UTF-8 byte-order mark win', () => {
    const gbk = iconv.encode(page('<meta charset="gbk">', '太和县'), 'gbk');
    expect(decodeHtml(gbk, 'text/html; charset=x-nonsense')).toMatchObject({ charset: 'gb18030' });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('阜南县', 'utf8')]);
    expect(decodeHtml(bom, 'text/html; charset=gbk')).toEqual({ text: '阜南县', charset: 'utf-8' });
  });
});
