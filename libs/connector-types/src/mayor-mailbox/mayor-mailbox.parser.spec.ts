import { mayorMailboxConfigSchema } from './mayor-mailbox.config';
import { appealTypeFromLabel as mailboxAppealType } from '@minsheng/shared/contracts';
import { findShanghaiTime, labelValue, parseDetail, parseList } from './mayor-mailbox.parser';

const { selectors } = mayorMailboxConfigSchema.parse({
  listUrl: 'http://x.test/m/list.jsp',
  mailboxOwner: 'x',
});

describe('mayor_mailbox parsing helpers', () => {
  it('finds Shanghai times in the forms these sites write, rejecting impossible dates', () => {
    expect(findShanghaiTime('来信时间：2025-03-02 09:05:07')).toBe('2025-03-02T09:05:07+08:00');
    expect(findShanghaiTime('2025年3月2日 9:05')).toBe('2025-03-02T09:05:00+08:00');
    expect(findShanghaiTime('2025/03/02')).toBe('2025-03-02T00:00:00+08:00');
    expect(findShanghaiTime('2025-02-30')).toBeUndefined();
    expect(findShanghaiTime('该信件正在办理中')).toBeUndefined();
  });

  it('strips a cell label and what follows the next label', () => {
    expect(labelValue('答复单位：阜阳市生态环境局  答复时间：2025-03-04 10:00:00')).toBe('阜阳市生态环境局');
    expect(labelValue('信件编号：FY202503010101')).toBe('FY202503010101');
    expect(labelValue('王喆')).toBe('王喆');
  });

  it('maps site type labels with suffixes, else other', () => {
    expect(mailboxAppealType('投诉类')).toBe('complaint');
    expect(mailboxAppealType('咨询件')).toBe('consult');
    expect(mailboxAppealType('其他')).toBe('other');
  });

  it('resolves relative links and keys rows by letter number, else by URL', () => {
    const html = `<ul class="letter-list">
      <li><span class="no">FY1</span><a class="title" href="content.jsp?id=1">甲</a><span class="status">办理中</span></li>
      <li><a class="title" href="/m/content.jsp?id=2">乙</a><span class="reply-time">2025-03-04</span></li>
      <li><a class="title">无链接</a></li></ul>`;
    const rows = parseList(html, 'http://x.test/m/list.jsp?page=1', selectors);
    expect(rows).toEqual([
      expect.objectContaining({
        key: 'FY1',
        detailUrl: 'http://x.test/m/content.jsp?id=1',
        fingerprint: '办理中|',
      }),
      expect.objectContaining({
        key: 'http://x.test/m/content.jsp?id=2',
        title: '乙',
        fingerprint: '|2025-03-04',
      }),
    ]);
  });

  it('keeps line breaks in content and reads a reply only when there is one', () => {
    const html = `<table>
      <tr><td class="lab">信件编号：</td><td> FY9 </td><td class="lab">来信时间：</td><td>2025-03-01 08:00:00</td></tr>
      <tr><td class="lab">信件类型：</td><td>建议</td><td class="lab">姓名：</td><td>李四</td></tr>
      <tr><td class="lab">来信内容：</td><td class="nrtxt">第一行<br>\u3000\u3000第二行 </td></tr>
      <tr><td class="hfdw">该信件正在办理中。</td></tr></table>`;
    const parsed = parseDetail(html, selectors.detail, '列表标题');
    expect(parsed).toEqual({
      ok: true,
      blank: [],
      letter: {
        letterNo: 'FY9',
        receivedAt: '2025-03-01T08:00:00+08:00',
        type: '建议',
        name: '李四',
        title: '列表标题',
        content: '第一行\n第二行',
        attachments: [],
        reply: undefined,
      },
    });
  });

  it('takes the pictures in 来信内容 and the files in the 附件 cell, resolved against the page, each once', () => {
    const html = `<table>
      <tr><td class="lab">信件编号：</td><td>FY10</td><td class="lab">来信时间：</td><td>2025-03-01 08:00:00</td></tr>
      <tr><td class="lab">信件类型：</td><td>投诉</td><td class="lab">姓名：</td><td>王五</td></tr>
      <tr><td class="lab">来信内容：</td><td class="nrtxt">路灯坏了<br><img src="upload/a.jpg"><img src="data:image/png;base64,AAAA"></td></tr>
      <tr><td class="lab">附件：</td><td><a href="/m/upload/a.jpg">a.jpg</a> <a href="javascript:download('b')">b.mp4</a>
        <a href="http://files.x.test/v/clip.mp4">clip.mp4</a></td></tr></table>`;
    const parsed = parseDetail(html, selectors.detail, '', 'http://x.test/m/content.jsp?id=10');
    expect(parsed.ok && parsed.letter.attachments).toEqual([
      { url: 'http://x.test/m/upload/a.jpg', kind: 'image' },
      { url: 'http://files.x.test/v/clip.mp4', kind: 'video' },
    ]);
    // The text is read as before: the pictures add no text.
    expect(parsed.ok && parsed.letter.content).toBe('路灯坏了');
  });
});
