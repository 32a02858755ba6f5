import { load } from 'cheerio';
import { MAX_PAGE_ATTACHMENTS, pageAttachments } from './html-attachments';

const PAGE = 'https://liuyan.example.cn/threads/content?tid=7';

function extract(body: string, pageUrl: string | null = PAGE) {
  const $ = load(`<html><body><div id="q">${body}</div><p>outside <img src="/logo.png"></p></body></html>`);
  return pageAttachments($, $('#q'), pageUrl ?? undefined);
}

describe('pageAttachments', () => {
  it('resolves relative URLs against the page, keeping page order and a kind hint per element', () => {
    expect(
      extract(
        '<p>路面照片：<img src="/upload/2026/a.jpg"> <img src="b.png?x=1"></p>' +
          '<video controls><source src="//cdn.example.cn/v/clip.mp4"></video>' +
          '<audio src="../voice/v1.amr"></audio>' +
          '<a href="files/情况说明.pdf">附件</a>',
      ),
    ).toEqual([
      { url: 'https://liuyan.example.cn/upload/2026/a.jpg', kind: 'image' },
      { url: 'https://liuyan.example.cn/threads/b.png?x=1', kind: 'image' },
      { url: 'https://cdn.example.cn/v/clip.mp4', kind: 'video' },
      { url: 'https://liuyan.example.cn/voice/v1.amr', kind: 'audio' },
      {
        url: `https://liuyan.example.cn/threads/files/${encodeURIComponent('情况说明')}.pdf`,
        kind: 'document',
      },
    ]);
  });

  it('refuses data:, javascript:, blob: and file: references and other non-http schemes', () => {
    expect(
      extract(
        '<img src="data:image/png;base64,iVBORw0KGgo=">' +
          '<a href="javascript:alert(1)//x.jpg">x</a>' +
          '<a href=" JavaScript:void(0)">y</a>' +
          '<img src="blob:https://liuyan.example.cn/5f1c">' +
          '<a href="file:///etc/passwd.pdf">z</a>' +
          '<video src="ftp://liuyan.example.cn/v.mp4"></video>' +
          '<img src="   ">' +
          '<img>',
      ),
    ).toEqual([]);
  });

  it('drops duplicates (also differing only by fragment) and ignores links to pages rather than files', () => {
    const refs = extract(
      '<a href="/upload/a.jpg"><img src="/upload/a.jpg"></a>' +
        '<img src="https://liuyan.example.cn/upload/a.jpg#big">' +
        '<a href="/threads/content?tid=8">另一条留言</a><a href="/index.html">首页</a>' +
        '<a href="https://liuyan.example.cn/upload/a.jpg">原图</a>',
    );
    expect(refs).toEqual([{ url: 'https://liuyan.example.cn/upload/a.jpg', kind: 'image' }]);
  });

  it('takes the lazy-loaded picture over its placeholder, and only what is inside the scope', () => {
    expect(extract('<img src="data:image/gif;base64,R0lGOD" data-original="/pics/real.webp">')).toEqual([
      { url: 'https://liuyan.example.cn/pics/real.webp', kind: 'image' },
    ]);
  });

  it('without a page URL keeps absolute references only', () => {
    expect(extract('<img src="/a.jpg"><img src="http://files.example.cn/b.jpg">', null)).toEqual([
      { url: 'http://files.example.cn/b.jpg', kind: 'image' },
    ]);
  });

  it(`keeps at most ${MAX_PAGE_ATTACHMENTS} per page`, () => {
    const many = Array.from({ length: MAX_PAGE_ATTACHMENTS + 5 }, (_, i) => `<img src="/p/${i}.jpg">`).join(
      '',
    );
    const refs = extract(many);
    expect(refs).toHaveLength(MAX_PAGE_ATTACHMENTS);
    expect(refs[0].url).toBe('https://liuyan.example.cn/p/0.jpg');
  });
});
