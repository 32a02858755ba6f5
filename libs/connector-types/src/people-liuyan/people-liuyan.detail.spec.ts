import { parseDetail } from './people-liuyan.detail';

const PAGE = 'https://liuyan.people.com.cn/threads/content?tid=18540007';

describe('people_liuyan detail page', () => {
  it("takes the question box's pictures, resolved against the page, and not the reply's", () => {
    const html =
      '<div class="liuyan_box03"><h2>标题</h2><p class="zoom content" id="zoom">路口积水<br>严重</p>' +
      '<div class="liuyan_pic"><p><img src="../upload/a.jpg"></p><p><img src="javascript:alert(1)"></p>' +
      '<p><img src="//img.people.com.cn/b.png"></p></div></div>' +
      '<div class="liuyan_box05"><h3><i>颍州区人民政府</i></h3><p class="zoom">已疏通<img src="/upload/reply.jpg"></p>' +
      '<h3><em>回复时间：2026-08-03 10:05</em></h3></div>';
    const parsed = parseDetail(html, PAGE);
    expect(parsed).toEqual({
      ok: true,
      detail: {
        content: '路口积水\n严重',
        attachments: [
          { url: 'https://liuyan.people.com.cn/upload/a.jpg', kind: 'image' },
          { url: 'https://img.people.com.cn/b.png', kind: 'image' },
        ],
        reply: '已疏通',
        repliedBy: '颍州区人民政府',
        repliedAt: '2026-08-03T10:05:00+08:00',
      },
    });
  });

  it('reads an older page without the box from #zoom alone', () => {
    const parsed = parseDetail(
      '<div><img src="/logo.png"><div id="zoom">旧页面<img src="p.jpg"></div></div>',
      PAGE,
    );
    expect(parsed).toEqual({
      ok: true,
      detail: {
        content: '旧页面',
        attachments: [{ url: 'https://liuyan.people.com.cn/threads/p.jpg', kind: 'image' }],
      },
    });
  });
});
