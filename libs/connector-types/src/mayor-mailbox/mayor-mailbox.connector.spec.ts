import {
  startMailboxSimulator,
  type MailboxSimulator,
} from '../../../../test/simulator/mailbox/mailbox-site';
import { type MailboxLetter } from '../../../../test/simulator/mailbox/mailbox-letters';
import { appealItemV1Schema } from '@minsheng/shared/contracts';
import { collect, records } from '../../../../test/support/pulled-pages';
import { ConnectorError, type ConnectorContext } from '@minsheng/connector-sdk';
import { HttpFetcher } from '@minsheng/connector-sdk/http';
import { ConnectorRegistry } from '../connector-registry';
import { mayorMailboxConnector } from './mayor-mailbox.connector';
import { mayorMailboxConfigSchema, type MayorMailboxConfig } from './mayor-mailbox.config';

describe('mayor_mailbox connector against the simulator', () => {
  let sim: MailboxSimulator;
  const ctx: ConnectorContext = {
    http: new HttpFetcher({ timeoutMs: 2000, retries: 1, baseBackoffMs: 10 }),
    piiHashKey: 'unit-test-pii-key',
  };
  const config = (over: Record<string, unknown> = {}): MayorMailboxConfig =>
    mayorMailboxConfigSchema.parse({ listUrl: sim.listUrl, mailboxOwner: '阜阳市市长信箱', ...over });

  beforeEach(async () => {
    sim = await startMailboxSimulator();
  });
  afterEach(async () => {
    await sim.close();
  });

  it('yields exactly the letters, each fetched once, one page per list page', async () => {
    const pages = await collect(mayorMailboxConnector.pull(config(), null, ctx));
    expect(pages.map((p) => p.records.length)).toEqual([10, 10, 10]);
    const ids = records(pages).map((r) => r.externalId);
    expect(ids).toEqual(sim.letters().map((l) => l.letterNo));
    expect(records(pages).every((r) => r.draft && !r.parseError)).toBe(true);
    // Pages 1-3, then page 4 repeats page 3 and ends the walk.
    expect(sim.counts()).toEqual({ list: 4, detail: 30 });
    expect((pages[2].cursor as { letters: unknown[] }).letters).toHaveLength(30);
  });

  it('maps a replied letter field by field into a valid AppealItem', async () => {
    const all = records(await collect(mayorMailboxConnector.pull(config(), null, ctx)));
    const letter = sim.letters().find((l) => l.name === '张建国') as MailboxLetter;
    const record = all.find((r) => r.externalId === letter.letterNo);
    const draft = record?.draft;
    if (!record || !draft || !letter.reply) throw new Error('letter missing');
    expect(record.contentType).toBe('text/html; charset=utf-8');
    expect(record.raw).toContain(letter.content.split('\n')[0]);
    expect(draft).toEqual({
      submittedAt: `${letter.receivedAt.replace(' ', 'T')}+08:00`,
      title: letter.title,
      content: letter.content,
      appealType: 'complaint',
      sourceTypeLabel: '投诉',
      location: { precision: 'none', origin: 'none' },
      targetHint: { mailboxOwner: '阜阳市市长信箱' },
      reporter: { nameMasked: '张**', anonymous: false, publicVisible: true },
      attachments: [],
      riskFlags: [],
      upstream: {
        status: '已办结',
        reply: letter.reply.text,
        repliedBy: '阜阳市市场监督管理局',
        repliedAt: `${letter.reply.time.replace(' ', 'T')}+08:00`,
      },
      externalUrl: `${sim.url}/mailbox/content.jsp?id=${letter.id}`,
    });
    expect(JSON.stringify(draft)).not.toContain('张建国');
    const { externalUrl, ...rest } = draft;
    const item = {
      ...rest,
      schemaVersion: 1,
      id: `ap_${'0'.repeat(32)}`,
      revision: 1,
      traceId: 'trace-0001',
      channel: 'mayor_mailbox',
      receivedAt: '2025-04-01T00:00:00+08:00',
      source: {
        system: 'mayor_mailbox',
        externalId: record.externalId,
        externalUrl,
        fetchedAt: '2025-04-01T00:00:00+08:00',
        rawRef: 'raw:x',
        rawSha256: 'a'.repeat(64),
        parserVersion: mayorMailboxConnector.parserVersion,
        connectorId: 'c1',
      },
    };
    expect(appealItemV1Schema.safeParse(item).error).toBeUndefined();

    const anonymous = all.find((r) => r.draft?.reporter.anonymous);
    expect(anonymous?.draft?.appealType).toBe('report');
    expect(anonymous?.draft?.reporter.nameMasked).toBeUndefined();
    const pending = all.find((r) => r.draft?.upstream?.status === '办理中');
    expect(pending?.draft?.upstream).toEqual({ status: '办理中' });
    expect(new Set(all.map((r) => r.draft?.appealType))).toEqual(
      new Set(['complaint', 'help', 'consult', 'suggestion', 'report', 'praise']),
    );
  });

  it('decodes 喆 (GBK, outside GB2312) whether the charset comes from the header or from <meta>', async () => {
    const all = records(await collect(mayorMailboxConnector.pull(config(), null, ctx)));
    const zhe = sim.letters().filter((l) => l.name.includes('喆'));
    expect(zhe.map((l) => sim.detailCharsetInHeader(l.letterNo)).sort()).toEqual([false, true]);
    for (const l of zhe) {
      const r = all.find((x) => x.externalId === l.letterNo);
      expect(r?.raw).toContain(`<td>${l.name}</td>`);
      expect(r?.draft?.reporter.nameMasked).toBe(`${l.name[0]}*`);
      expect(r?.draft?.content).toBe(l.content);
      expect(r?.draft?.title).toBe(l.title);
    }
    expect(all.some((r) => r.raw.includes('\uFFFD'))).toBe(false);
  });

  it('a second pull with the cursor fetches no unchanged letter again and yields only what changed', async () => {
    const first = await collect(mayorMailboxConnector.pull(config(), null, ctx));
    const cursor = first.at(-1)?.cursor ?? null;
    const before = sim.counts();

    const quiet = await collect(mayorMailboxConnector.pull(config(), cursor, ctx));
    expect(records(quiet)).toEqual([]);
    expect(sim.counts().detail).toBe(before.detail);
    expect(quiet.at(-1)?.cursor).toEqual(cursor);

    const pendingLetter = sim.letters().find((l) => !l.reply && l.type === '求助') as MailboxLetter;
    sim.reply(
      pendingLetter.letterNo,
      '阜阳市人力资源和社会保障局',
      '经核查，已督促施工单位于3月底前足额支付拖欠工资。',
    );
    const newest: MailboxLetter = {
      ...sim.letters()[0],
      id: 30001,
      letterNo: 'FY202503200001',
      title: '颍州区鼓楼街道路灯不亮',
      type: '投诉',
      name: '欧阳娜',
      receivedAt: '2025-03-20 07:45:00',
      content: '颍州区鼓楼街道人民路南段路灯已连续一周夜间不亮，行人通行存在安全隐患。',
      status: '待受理',
      reply: undefined,
    };
    sim.addLetter(newest);

    const later = await collect(mayorMailboxConnector.pull(config(), quiet.at(-1)?.cursor ?? null, ctx));
    const changed = records(later);
    expect(changed.map((r) => r.externalId).sort()).toEqual([newest.letterNo, pendingLetter.letterNo].sort());
    expect(sim.counts().detail).toBe(before.detail + 2);
    const replied = changed.find((r) => r.externalId === pendingLetter.letterNo)?.draft;
    expect(replied?.upstream).toEqual({
      status: '已办结',
      reply: '经核查，已督促施工单位于3月底前足额支付拖欠工资。',
      repliedBy: '阜阳市人力资源和社会保障局',
      repliedAt: expect.stringMatching(/^2025-03-\d\dT\d\d:\d\d:\d\d\+08:00$/),
    });
    expect(changed.find((r) => r.externalId === newest.letterNo)?.draft?.reporter.nameMasked).toBe('欧**');
  });

  it('keeps the cursor bounded and newest first', async () => {
    const pages = await collect(mayorMailboxConnector.pull(config({ maxPages: 1 }), null, ctx));
    expect(pages).toHaveLength(1);
    const letters = (pages[0].cursor as { letters: [string, string][] }).letters;
    expect(letters.map(([k]) => k)).toEqual(
      sim
        .letters()
        .slice(0, 10)
        .map((l) => l.letterNo),
    );
    expect(letters[0][1]).toMatch(/\|/);
  });

  it('turns a broken detail page into a parseError record and continues with the others', async () => {
    const victim = sim.letters()[4];
    sim.breakDetail(victim.letterNo);
    const pages = await collect(mayorMailboxConnector.pull(config(), null, ctx));
    const all = records(pages);
    expect(all).toHaveLength(30);
    const bad = all.filter((r) => r.parseError);
    expect(bad).toHaveLength(1);
    expect(bad[0].externalId).toBe(victim.letterNo);
    expect(bad[0].draft).toBeUndefined();
    expect(bad[0].parseError).toMatch(/letterNo.*content/);
    expect(bad[0].raw).toContain('信件不存在');
    // Not remembered: the next run tries it again.
    const again = await collect(mayorMailboxConnector.pull(config(), pages.at(-1)?.cursor ?? null, ctx));
    expect(records(again).map((r) => r.externalId)).toEqual([victim.letterNo]);
  });

  it('quarantines a letter whose detail link leaves the list origin or cannot be fetched, and keeps its siblings', async () => {
    const [, away, odd] = sim.letters();
    // Another origin on this machine: nothing may be fetched from it unless the config names it.
    sim.linkDetailTo(away.letterNo, 'http://127.0.0.1:9/mailbox/content.jsp?id=1');
    sim.linkDetailTo(odd.letterNo, 'mailto:someone@example.gov.cn');
    const before = sim.counts().detail;
    const all = records(await collect(mayorMailboxConnector.pull(config(), null, ctx)));
    expect(all).toHaveLength(30);
    const bad = all.filter((r) => r.parseError);
    expect(bad.map((r) => [r.externalId, r.parseError])).toEqual([
      [away.letterNo, 'detail link leaves the origin of listUrl'],
      [odd.letterNo, 'detail link leaves the origin of listUrl'],
    ]);
    expect(sim.counts().detail - before).toBe(28);
    // Named in the config, the other origin is followed: its refused connection is network trouble (temporary),
    // which fails the run for a retry, as for the list origin.
    await expect(
      collect(mayorMailboxConnector.pull(config({ detailOrigins: ['http://127.0.0.1:9'] }), null, ctx)),
    ).rejects.toMatchObject({ kind: 'temporary' });
  });

  it('throws layout_changed when a list page that had letters parses to none', async () => {
    const first = await collect(mayorMailboxConnector.pull(config(), null, ctx));
    sim.setLayout('v2');
    const run = collect(mayorMailboxConnector.pull(config(), first.at(-1)?.cursor ?? null, ctx));
    await expect(run).rejects.toBeInstanceOf(ConnectorError);
    await expect(
      collect(mayorMailboxConnector.pull(config(), first.at(-1)?.cursor ?? null, ctx)),
    ).rejects.toMatchObject({ kind: 'layout_changed' });
  });

  it('check passes on a good config and reports per-field errors for bad selectors', async () => {
    expect(await mayorMailboxConnector.check(config(), ctx)).toEqual({ ok: true, sample: 3, errors: [] });

    const syntax = await mayorMailboxConnector.check(
      config({ selectors: { link: 'a[[', detail: { content: 'td:nope' } } }),
      ctx,
    );
    expect(syntax.ok).toBe(false);
    expect(syntax.errors.map((e) => e.field).sort()).toEqual(['selectors.detail.content', 'selectors.link']);

    const wrong = await mayorMailboxConnector.check(
      config({ selectors: { listStatus: 'span.state', detail: { content: 'td.body', name: 'td.who' } } }),
      ctx,
    );
    expect(wrong.ok).toBe(false);
    expect(wrong.sample).toBe(3);
    expect(wrong.errors.map((e) => e.field).sort()).toEqual([
      'selectors.detail.content',
      'selectors.detail.name',
      'selectors.listStatus',
    ]);

    const noRows = await mayorMailboxConnector.check(config({ selectors: { row: 'div.item' } }), ctx);
    expect(noRows).toMatchObject({ ok: false, errors: [{ field: 'selectors.row' }] });

    const down = await mayorMailboxConnector.check(config({ listUrl: `${sim.url}/nowhere` }), ctx);
    expect(down).toMatchObject({ ok: false, errors: [{ field: 'listUrl' }] });
  });

  it('is registered, and its config needs a list URL and an owner', async () => {
    expect((await ConnectorRegistry.load()).get('mayor_mailbox')).toMatchObject({
      type: 'mayor_mailbox',
      parserVersion: mayorMailboxConnector.parserVersion,
    });
    expect(mayorMailboxConfigSchema.safeParse({ mailboxOwner: 'x' }).success).toBe(false);
    expect(mayorMailboxConfigSchema.safeParse({ listUrl: 'http://a.b/list' }).success).toBe(false);
    const parsed = mayorMailboxConfigSchema.parse({ listUrl: 'http://a.b/list', mailboxOwner: 'x' });
    expect(parsed).toMatchObject({
      maxPages: 5,
      pageParam: 'page',
      selectors: { detail: { content: 'td.nrtxt' } },
    });
  });
});
