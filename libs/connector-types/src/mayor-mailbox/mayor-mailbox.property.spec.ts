import fc from 'fast-check';
import iconv from 'iconv-lite';
import { decodeHtml } from '@minsheng/connector-sdk/http';
import { expectItemOrQuarantine, messyText, RUNS } from '../../../../test/support/property';
import { mayorMailboxConfigSchema } from './mayor-mailbox.config';
import { mapLetter } from './mayor-mailbox.mapper';
import { parseDetail, parseList, type ListRow } from './mayor-mailbox.parser';

const { selectors } = mayorMailboxConfigSchema.parse({
  listUrl: 'http://127.0.0.1:9/m/list.jsp',
  mailboxOwner: 'x',
});
const PAGE = 'http://127.0.0.1:9/m/list.jsp?page=1';

/** Text as a cell holds it: escaped except for a few tags a broken page leaves behind unclosed. */
const cellText = fc.oneof(
  messyText.map((s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')),
  fc.constantFrom(
    '<b>',
    '</p>',
    '<br>',
    '</td>',
    '<td>',
    '</tr>',
    '<span class="status">',
    '&nbsp;',
    '&#x0;',
  ),
);
const cells = fc.array(cellText, { maxLength: 6 }).map((p) => p.join(''));
const receivedAt = fc.oneof(
  fc.constantFrom(
    '2025-03-02 09:05:07',
    '2025年3月2日 9:05',
    '2025-02-30',
    '0000-00-00 00:00',
    '99999-01-01',
  ),
  cells,
);

describe('mayor_mailbox pages, any bytes', () => {
  it('decodes any bytes under any declared charset without an exception', () => {
    const charset = fc.constantFrom(
      'gbk',
      'gb2312',
      'GB18030',
      'utf-8',
      'big5',
      'latin1',
      'x-unknown',
      '',
      '"gbk"',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
          messyText.map((s) => iconv.encode(s, 'gbk')),
          fc.tuple(charset, messyText).map(([c, s]) => Buffer.from(`<meta charset="${c}">${s}`, 'latin1')),
        ),
        charset,
        (bytes, declared) => {
          const { text, charset: used } = decodeHtml(
            bytes,
            declared ? `text/html; charset=${declared}` : 'text/html',
          );
          expect(typeof text).toBe('string');
          expect(used.length).toBeGreaterThan(0);
        },
      ),
      RUNS,
    );
  });

  it('every well-formed row of a list survives broken rows beside it', () => {
    const good = fc.record({
      no: fc.stringMatching(/^FY\d{4,10}$/),
      title: fc.string({ minLength: 1, maxLength: 20 }),
    });
    const broken = fc.oneof(
      cells.map((c) => `<li>${c}</li>`),
      fc.constantFrom(
        '<li><a class="title">无链接</a></li>',
        '<li><a class="title" href="javascript:void(0)">脚本</a></li>',
        '<li><a class="title" href="http://[bad">坏链接</a></li>',
        '<li><span class="no">',
      ),
    );
    const row = fc.oneof(
      good.map((g) => ({ good: g })),
      broken.map((html) => ({ html })),
    );
    fc.assert(
      fc.property(fc.array(row, { maxLength: 12 }), (rows) => {
        const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
        const html = `<ul class="letter-list">${rows
          .map((r) =>
            'good' in r
              ? `<li><span class="no">${r.good.no}</span><a class="title" href="content.jsp?no=${r.good.no}">${esc(r.good.title)}</a></li>`
              : r.html,
          )
          .join('')}</ul>`;
        const parsed = parseList(html, PAGE, selectors);
        const keys = parsed.map((p) => p.key);
        for (const r of rows) if ('good' in r) expect(keys).toContain(r.good.no);
      }),
      RUNS,
    );
  });

  it('a detail page gives a letter that maps to a valid item, or an error naming what it lacks', () => {
    const row: ListRow = {
      key: 'FY1',
      letterNo: 'FY1',
      title: '列表标题',
      detailUrl: 'http://127.0.0.1:9/m/content.jsp?no=FY1',
      status: '办理中',
      replyTime: '',
      fingerprint: '办理中|',
    };
    fc.assert(
      fc.property(
        cells,
        receivedAt,
        cells,
        cells,
        cells,
        cells,
        receivedAt,
        cells,
        cells,
        (no, at, type, name, title, content, replyAt, unit, reply) => {
          const html =
            '<table class="xx-detail">' +
            `<tr><td class="lab">信件编号：</td><td>${no}</td><td class="lab">来信时间：</td><td>${at}</td></tr>` +
            `<tr><td class="lab">信件类型：</td><td>${type}</td><td class="lab">姓名：</td><td>${name}</td></tr>` +
            `<tr><td class="lab">信件标题：</td><td>${title}</td></tr>` +
            `<tr><td class="lab">来信内容：</td><td class="nrtxt">${content}</td></tr>` +
            `<tr><td class="hfdw">答复单位：${unit} 答复时间：${replyAt}</td></tr><tr><td class="hfnr">${reply}</td></tr>`;
          const parsed = parseDetail(html, selectors.detail, row.title);
          if (!parsed.ok) {
            expect(parsed.error).toMatch(/^detail page lacks /);
            return;
          }
          const draft = mapLetter(parsed.letter, row, '阜阳市市长信箱');
          expectItemOrQuarantine(
            { externalId: parsed.letter.letterNo, raw: html, contentType: 'text/html', draft },
            'mayor_mailbox',
          );
        },
      ),
      RUNS,
    );
  });
});
