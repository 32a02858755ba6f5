import fc from 'fast-check';
import { ConnectorError } from '@minsheng/connector-sdk';
import { JSON_FEED_OPTIONS } from '../../../../test/simulator/media-hotline/media-feeds';
import { anyJson, expectItemOrQuarantine, messyText, RUNS } from '../../../../test/support/property';
import { toRecord } from './media-hotline.connector';
import { parseFeed, type FeedFormat } from './media-hotline.feed';

const config = { program: '民生热线', feedUrl: 'http://127.0.0.1:9/feed.xml' };

/** Times as feeds write them, and as they should not: far years, signed years, no zone, nonsense. */
const feedTime = fc.oneof(
  messyText,
  fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toUTCString())),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.integer({ min: 0, max: 9_999_999_999 }).map(String),
  fc.constantFrom(
    'Sat, 13 Sep 275760 00:00:00 GMT',
    '+275760-09-13T00:00:00Z',
    '-000001-01-01T00:00:00Z',
    '12026-01-01T00:00:00+08:00',
    'Thu, 01 Jan 1970 00:00:00 GMT',
    '2026-11-12 08:30',
    '2026-02-30 08:30',
    'Tue, 12 Nov 2026 08:30:00 CST',
  ),
);

const xmlText = fc.oneof(messyText, feedTime);
const element = (name: string, value: fc.Arbitrary<string>) =>
  fc.oneof(
    value.map((v) => `<${name}>${v}</${name}>`),
    value.map((v) => `<${name}><![CDATA[${v}]]></${name}>`),
    value.map((v) => `<${name}>${v}`),
    fc.constant(''),
  );
const rssItem = fc
  .tuple(
    element('title', xmlText),
    element('link', fc.oneof(fc.webUrl(), messyText)),
    element('guid', messyText),
    element('description', xmlText),
    element('pubDate', feedTime),
    element('category', messyText),
  )
  .map((parts) => `<item>${parts.join('')}</item>`);
const rss = fc
  .array(fc.oneof(rssItem, messyText), { maxLength: 5 })
  .map(
    (items) =>
      `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${items.join('')}</channel></rss>`,
  );
const atomEntry = fc
  .tuple(
    element('title', xmlText),
    element('id', messyText),
    element('updated', feedTime),
    element('content', xmlText),
  )
  .map((parts) => `<entry>${parts.join('')}</entry>`);
const atom = fc
  .array(fc.oneof(atomEntry, messyText), { maxLength: 5 })
  .map((entries) => `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>${entries.join('')}</feed>`);
const jsonItem = fc.oneof(
  anyJson,
  fc.record(
    {
      newsId: fc.oneof(messyText, fc.integer()),
      title: messyText,
      content: messyText,
      pubTime: fc.oneof(feedTime, fc.integer()),
      url: fc.oneof(fc.webUrl(), messyText),
      columnName: messyText,
    },
    { requiredKeys: [] },
  ),
);
const jsonFeed = fc.oneof(
  fc.array(jsonItem, { maxLength: 5 }).map((list) => JSON.stringify({ data: { list } })),
  anyJson.map((v) => JSON.stringify(v) ?? 'null'),
);

const docs: fc.Arbitrary<[string, FeedFormat | undefined]> = fc.oneof(
  fc.tuple(rss, fc.constantFrom<FeedFormat | undefined>('rss', undefined, 'atom')),
  fc.tuple(atom, fc.constantFrom<FeedFormat | undefined>('atom', undefined)),
  fc.tuple(jsonFeed, fc.constantFrom<FeedFormat | undefined>('json', undefined)),
  fc.tuple(messyText, fc.constantFrom<FeedFormat | undefined>('rss', 'atom', 'json', undefined)),
);

describe('media_hotline feeds (RSS, Atom, JSON), any document', () => {
  it('each entry is a valid item or a quarantine with a reason; a wrong document is malformed; nothing else', () => {
    fc.assert(
      fc.property(docs, ([body, format]) => {
        let entries;
        try {
          entries = parseFeed(body, format, JSON_FEED_OPTIONS).entries;
        } catch (e) {
          expect(e).toBeInstanceOf(ConnectorError);
          expect(e).toMatchObject({ kind: 'malformed' });
          return;
        }
        for (const entry of entries) expectItemOrQuarantine(toRecord(entry, config), 'media_hotline');
      }),
      RUNS,
    );
  });
});
