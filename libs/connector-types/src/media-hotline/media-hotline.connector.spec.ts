import {
  FEED_PROGRAMS,
  JSON_FEED_OPTIONS,
  startMediaFeedsSimulator,
  type FeedKey,
  type MediaFeedsSimulator,
} from '../../../../test/simulator/media-hotline/media-feeds';
import { checkDraft } from '@minsheng/shared/ingest';
import { collect, records, byId } from '../../../../test/support/pulled-pages';
import { type ConnectorContext } from '@minsheng/connector-sdk';
import { HttpFetcher } from '@minsheng/connector-sdk/http';
import { mediaHotlineConnector } from './media-hotline.connector';
import { mediaHotlineConfigSchema } from './media-hotline.config';
import { htmlToText, parseFeedTime } from './media-hotline.mapper';

const FEEDS: FeedKey[] = ['rss', 'atom', 'json'];

describe('media_hotline connector against the simulated feeds', () => {
  let sim: MediaFeedsSimulator;
  const ctx: ConnectorContext = {
    http: new HttpFetcher({ timeoutMs: 2000, retries: 2, baseBackoffMs: 10 }),
    piiHashKey: 'unit-test-pii-key',
  };
  const config = (feed: FeedKey, over: Record<string, unknown> = {}) =>
    mediaHotlineConfigSchema.parse({
      feedUrl: sim.feedUrl(feed),
      program: FEED_PROGRAMS[feed],
      ...(feed === 'json' ? { json: JSON_FEED_OPTIONS } : {}),
      ...over,
    });
  const pull = (feed: FeedKey, cursor: Record<string, unknown> | null, over: Record<string, unknown> = {}) =>
    collect(mediaHotlineConnector.pull(config(feed, over), cursor, ctx));

  beforeEach(async () => {
    sim = await startMediaFeedsSimulator();
  });
  afterEach(async () => {
    await sim.close();
  });

  it.each(FEEDS)(
    'pulls exactly the items of the %s feed (format sniffed) in one page with the new cursor',
    async (feed) => {
      const pages = await pull(feed, null);
      const items = sim.feeds.items(feed);
      expect(pages).toHaveLength(1);
      expect(records(pages).map((r) => r.externalId)).toEqual(items.map((i) => i.id));
      expect(records(pages).every((r) => r.draft && !r.parseError)).toBe(true);
      const cursor = pages[0].cursor as { seen: Record<string, string>; newestAt: string };
      expect(Object.keys(cursor.seen).sort()).toEqual(items.map((i) => i.id).sort());
      expect(Object.values(cursor.seen).every((f) => /^[0-9a-f]{16}$/.test(f))).toBe(true);
      expect(Date.parse(cursor.newestAt)).toBe(items[0].publishedAt);
    },
  );

  it('the three feeds together carry 20 items', () => {
    expect(FEEDS.map((f) => sim.feeds.items(f).length).reduce((a, b) => a + b)).toBe(20);
  });

  it('maps an RSS item field by field, HTML stripped to text', async () => {
    const item = sim.feeds.items('rss').find((i) => i.id === 'fytv-msrx-20261112-01');
    const record = byId(await pull('rss', null)).get('fytv-msrx-20261112-01');
    if (!item || !record?.draft) throw new Error('fixture item not pulled');
    expect(record.contentType).toBe('application/rss+xml');
    expect(record.raw).toMatch(/^<item>.*<\/item>$/s);
    expect(record.draft).toEqual({
      externalUrl: 'https://www.fytv.example/msrx/2026/11/12/01.html',
      submittedAt: '2026-11-12T18:30:00+08:00',
      title: '颍州区清河街道：小区门口污水外溢半个月无人管',
      content:
        '近日，家住清河街道文峰社区的刘女士拨打《民生热线》反映，小区南门口的污水井堵塞，污水外溢已有半个多月，\n' +
        '路过的居民只能踮着脚走，气味也很大。记者现场看到，井盖周围积了一大片黑水。\n' +
        '刘女士说，她们已经找过物业和社区，至今没有解决。',
      appealType: 'complaint',
      sourceTypeLabel: '投诉',
      sourceDomainLabel: '民生热线',
      location: { precision: 'none', origin: 'none' },
      reporter: { anonymous: true, publicVisible: true },
      attachments: [],
      riskFlags: [],
    });
    expect(new Date(record.draft.submittedAt).getTime()).toBe(item.publishedAt);
  });

  it('reads Atom and JSON items the same way, the item type deciding appealType', async () => {
    const atom = byId(await pull('atom', null)).get('tag:yzwb.example,2026:rexian/50230');
    expect(atom?.draft).toMatchObject({
      externalUrl: 'https://www.yzwb.example/rexian/50230.html',
      submittedAt: '2026-11-14T10:02:00+08:00',
      title: '读者求助：孩子医保异地报销怎么办理？',
      appealType: 'consult',
      sourceDomainLabel: '颍州晚报热线',
    });
    expect(atom?.draft?.content).toMatch(/^读者李女士在合肥工作.*\n她想知道/s);
    const json = byId(await pull('json', null)).get('880162');
    expect(json?.contentType).toBe('application/json');
    expect(json?.draft).toMatchObject({
      externalUrl: 'https://www.fyjt.example/hotline/880162.html',
      submittedAt: '2026-11-15T10:12:00+08:00',
      appealType: 'help',
      sourceTypeLabel: '求助',
      sourceDomainLabel: '行风热线',
    });
    expect(json?.draft?.content).not.toContain('<p>');
  });

  it('a second pull yields identical drafts, key order included, and the same cursor', async () => {
    for (const feed of FEEDS) {
      const first = await pull(feed, null);
      const second = await pull(feed, first[0].cursor);
      expect(JSON.stringify(records(second).map((r) => r.draft))).toBe(
        JSON.stringify(records(first).map((r) => r.draft)),
      );
      expect(second[0].cursor).toEqual(first[0].cursor);
    }
  });

  it('an edited item yields a changed draft (only that one); a new item is added to the cursor', async () => {
    const first = await pull('atom', null);
    sim.feeds.updateItem('atom', 'tag:yzwb.example,2026:rexian/50256', {
      html: '<p>颍上县慎城镇读者反映，主干道路灯已两个月不亮。</p><p>【追踪】供电所已派人检修，本周内恢复照明。</p>',
    });
    sim.feeds.addItem('atom', {
      id: 'tag:yzwb.example,2026:rexian/50315',
      title: '小区充电桩被燃油车占用',
      html: '<p>读者反映小区新建的充电桩车位经常被燃油车占着，电动车主充不上电。</p>',
      publishedAt: Date.parse('2026-11-22T09:00:00+08:00'),
      link: 'https://www.yzwb.example/rexian/50315.html',
      category: '',
    });
    const second = await pull('atom', first[0].cursor);
    const earlier = byId(first);
    const changed = records(second).filter(
      (r) => JSON.stringify(r.draft) !== JSON.stringify(earlier.get(r.externalId)?.draft),
    );
    expect(changed.map((r) => r.externalId)).toEqual([
      'tag:yzwb.example,2026:rexian/50315',
      'tag:yzwb.example,2026:rexian/50256',
    ]);
    expect(changed[1].draft?.content).toBe(
      '颍上县慎城镇读者反映，主干道路灯已两个月不亮。\n【追踪】供电所已派人检修，本周内恢复照明。',
    );
    expect(changed[0].draft).toMatchObject({ appealType: 'complaint', sourceTypeLabel: undefined });
    expect(second[0].cursor).toMatchObject({ newestAt: '2026-11-22T09:00:00+08:00' });
    const seen = (second[0].cursor as { seen: Record<string, string> }).seen;
    const before = (first[0].cursor as { seen: Record<string, string> }).seen;
    expect(seen['tag:yzwb.example,2026:rexian/50256']).not.toBe(before['tag:yzwb.example,2026:rexian/50256']);
    expect(Object.keys(seen)).toHaveLength(7);
  });

  it('an item without title and content, or with a garbled time, is quarantined alone', async () => {
    sim.feeds.setRawItem('rss', 'fytv-msrx-20261116-01', { title: '', html: '<![CDATA[ <p> </p> ]]>' });
    sim.feeds.setRawItem('json', '880177', { publishedAt: '上周五' });
    const rss = byId(await pull('rss', null));
    expect(rss.get('fytv-msrx-20261116-01')).toMatchObject({
      parseError: 'item has neither title nor content',
    });
    expect(rss.get('fytv-msrx-20261116-01')?.draft).toBeUndefined();
    expect([...rss.values()].filter((r) => r.draft)).toHaveLength(7);
    const json = byId(await pull('json', null));
    expect(json.get('880177')?.parseError).toMatch(/publication time/);
    expect([...json.values()].filter((r) => r.draft)).toHaveLength(5);
  });

  it.each(FEEDS)('a %s feed that had items and now parses to none is layout_changed', async (feed) => {
    const first = await pull(feed, null);
    sim.feeds.setFaults({ layoutChanged: true });
    await expect(pull(feed, first[0].cursor)).rejects.toMatchObject({ kind: 'layout_changed' });
  });

  it('a new instance of a changed feed is not layout_changed: RSS yields nothing, JSON is malformed', async () => {
    sim.feeds.setFaults({ layoutChanged: true });
    const pages = await pull('rss', null);
    expect(records(pages)).toEqual([]);
    expect(pages[0].cursor).toEqual({ seen: {} });
    await expect(pull('json', null)).rejects.toMatchObject({ kind: 'malformed' });
  });

  it('rides out a 503; a document that is no feed is malformed', async () => {
    sim.feeds.setFaults({ failNext: 1 });
    expect(records(await pull('rss', null))).toHaveLength(8);
    await expect(pull('rss', null, { format: 'atom' })).rejects.toMatchObject({ kind: 'malformed' });
  });

  it('check reports per-field errors: bad URL, wrong format, wrong itemsPath, bad item', async () => {
    expect(await mediaHotlineConnector.check(config('rss'), ctx)).toEqual({
      ok: true,
      sample: 8,
      errors: [],
    });
    expect(await mediaHotlineConnector.check(config('json'), ctx)).toEqual({
      ok: true,
      sample: 6,
      errors: [],
    });
    const notFound = await mediaHotlineConnector.check(
      config('rss', { feedUrl: `${sim.url}/nope.xml` }),
      ctx,
    );
    expect(notFound).toMatchObject({ ok: false, errors: [{ field: 'feedUrl' }] });
    const unreachable = await mediaHotlineConnector.check(
      config('rss', { feedUrl: 'http://127.0.0.1:1/rss' }),
      ctx,
    );
    expect(unreachable).toMatchObject({ ok: false, errors: [{ field: 'feedUrl' }] });
    const format = await mediaHotlineConnector.check(config('atom', { format: 'rss' }), ctx);
    expect(format).toMatchObject({ ok: false, errors: [{ field: 'format' }] });
    const path = await mediaHotlineConnector.check(
      config('json', { json: { ...JSON_FEED_OPTIONS, itemsPath: 'data.items' } }),
      ctx,
    );
    expect(path).toMatchObject({ ok: false, errors: [{ field: 'json.itemsPath' }] });
    sim.feeds.setRawItem('rss', 'fytv-msrx-20261114-01', { publishedAt: '' });
    const item = await mediaHotlineConnector.check(config('rss'), ctx);
    expect(item).toEqual({
      ok: false,
      sample: 8,
      errors: [{ field: 'records[5]', message: 'no publication time' }],
    });
  });

  it('every draft completes to a valid AppealItem v1', async () => {
    for (const feed of FEEDS) {
      for (const r of records(await pull(feed, null))) {
        expect(
          checkDraft(
            {
              id: 'c1',
              channel: 'media_hotline',
              system: 'media_hotline',
              parserVersion: mediaHotlineConnector.parserVersion,
            },
            r.externalId,
            r.draft ?? ({} as never),
          ),
        ).toEqual([]);
      }
    }
  });

  it('validates the config', () => {
    expect(mediaHotlineConfigSchema.safeParse({ feedUrl: 'not a url', program: 'x' }).success).toBe(false);
    expect(
      mediaHotlineConfigSchema.safeParse({ feedUrl: 'https://x.example/rss', program: ' ' }).success,
    ).toBe(false);
    expect(
      mediaHotlineConfigSchema.parse({ feedUrl: 'https://x.example/api', program: 'x', json: {} }),
    ).toMatchObject({
      timeoutMs: 15000,
      json: { itemsPath: 'items', fields: { id: 'id', title: 'title', publishedAt: 'publishedAt' } },
    });
  });
});

describe('media_hotline helpers', () => {
  it('reads feed times in the forms media sites write', () => {
    const at = Date.parse('2026-11-12T18:30:00+08:00');
    expect(parseFeedTime('Thu, 12 Nov 2026 18:30:00 +0800')).toBe(at);
    expect(parseFeedTime('Thu, 12 Nov 2026 18:30:00 CST')).toBe(at);
    expect(parseFeedTime('Thu, 12 Nov 2026 10:30:00 GMT')).toBe(at);
    expect(parseFeedTime('2026-11-12T10:30:00Z')).toBe(at);
    expect(parseFeedTime('2026-11-12 18:30:00')).toBe(at);
    expect(parseFeedTime('2026/11/12 18:30')).toBe(at);
    expect(parseFeedTime(String(at))).toBe(at);
    expect(parseFeedTime(String(at / 1000))).toBe(at);
    expect(parseFeedTime('2026-02-30 10:00:00')).toBeNull();
    expect(parseFeedTime('Thu, 12 Nov 2026 18:30:00')).toBeNull();
    expect(parseFeedTime('')).toBeNull();
  });

  it('strips HTML to text, keeping paragraphs and line breaks', () => {
    expect(htmlToText('<p>第一段&nbsp;文字</p><p>第二段<br/>换行</p><script>x()</script>')).toBe(
      '第一段 文字\n第二段\n换行',
    );
    expect(htmlToText('  纯文本 &amp; 实体  ')).toBe('纯文本 & 实体');
  });
});
