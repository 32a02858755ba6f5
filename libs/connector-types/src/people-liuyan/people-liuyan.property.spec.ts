import fc from 'fast-check';
import { anyJson, expectItemOrQuarantine, messyText, RUNS } from '../../../../test/support/property';
import { toRecord } from './people-liuyan.connector';
import { parseDetail } from './people-liuyan.detail';

const board = { fid: 1234, name: '阜阳市委书记' };
const unix = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 31 }),
  fc.integer({ min: -10, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: 0, max: 2 ** 40 }).map(String),
  messyText,
  fc.constant(null),
);

const threadLike = fc.oneof(
  anyJson,
  fc.record(
    {
      tid: fc.oneof(fc.integer({ min: -5, max: 2 ** 40 }), fc.stringMatching(/^\d{1,16}$/), messyText),
      dateline: unix,
      threadsCheckTime: unix,
      subject: fc.oneof(messyText, fc.constant(null)),
      content: fc.oneof(messyText, fc.constant(null)),
      domainName: messyText,
      typeName: fc.oneof(fc.constantFrom('投诉', '求助', '咨询', '建议'), messyText),
      stateInfo: messyText,
      answerOrganization: fc.oneof(messyText, fc.constant(null)),
      answerContent: fc.oneof(messyText, fc.constant(null)),
      answerDateline: unix,
      favNum: fc.oneof(fc.integer(), messyText, fc.constant(null)),
      nickName: fc.oneof(messyText, fc.constant(null)),
    },
    { requiredKeys: [] },
  ),
);

/** Detail pages from the page's own pieces, shuffled, cut short or left unclosed: what a half-loaded page looks like. */
const detailHtml = fc
  .array(
    fc.oneof(
      messyText,
      fc.constantFrom(
        '<div class="liuyan_box03 w1200 clearfix">',
        '<div class="clearfix liuyan_box05 w1200">',
        '<p class="zoom content" id="zoom">',
        '<p class="zoom">',
        '<h3><i class="red">',
        '<em class="grey2">回复时间：2026-08-02 10:30</em>',
        '回复时间：2026-13-45 99:99',
        '</p>',
        '</div>',
        '<br>',
        '<br/>',
        '<script>',
        '<!--',
        '<![CDATA[',
      ),
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join(''));

describe('people_liuyan parsing, any input', () => {
  it('a list entry is a valid item or a quarantine with a reason, never an exception; siblings unaffected', () => {
    fc.assert(
      fc.property(fc.array(threadLike, { minLength: 1, maxLength: 6 }), (page) => {
        const out = page.map((t) => toRecord(t, board, 'https://liuyan.example'));
        for (const [i, r] of out.entries()) {
          expectItemOrQuarantine(r, 'people_liuyan');
          expect(toRecord(page[i], board, 'https://liuyan.example')).toEqual(r);
        }
      }),
      RUNS,
    );
  });

  it('a detail page gives the question text or says what it lacks; applied to an entry, the item stays valid', () => {
    const entry = { tid: 18540001, dateline: 1790000000, subject: '标题', content: '内容的预览...' };
    fc.assert(
      fc.property(detailHtml, (html) => {
        const page = parseDetail(html);
        if (page.ok) {
          expect(page.detail.content.length).toBeGreaterThan(0);
          if (page.detail.repliedAt)
            expect(page.detail.repliedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\+08:00$/);
        } else expect(page.error).toMatch(/question/);
        const outcome = page.ok ? { detail: page.detail } : { failed: page.error };
        const record = toRecord(entry, board, 'https://liuyan.example', { url: 'u', html, outcome });
        expectItemOrQuarantine(record, 'people_liuyan');
      }),
      RUNS,
    );
  });
});
