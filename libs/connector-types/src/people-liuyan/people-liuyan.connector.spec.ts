import {
  LIUYAN_PREVIEW_CHARS,
  listPreview,
  startLiuyanSimulator,
  type LiuyanSimulator,
} from '../../../../test/simulator/liuyan/liuyan-board';
import { checkDraft } from '@minsheng/shared/ingest';
import { collect, records, byId } from '../../../../test/support/pulled-pages';
import { ConnectorError, type ConnectorContext } from '@minsheng/connector-sdk';
import { HttpFetcher } from '@minsheng/connector-sdk/http';
import { needsDetail, peopleLiuyanConnector, toRecord } from './people-liuyan.connector';
import { peopleLiuyanConfigSchema } from './people-liuyan.config';
import { liuyanThreadSchema } from './people-liuyan.record';
import { DETAIL_UNAVAILABLE, unixToShanghaiIso } from './people-liuyan.mapper';
import { MAX_DETAIL_ATTEMPTS } from './people-liuyan.definition';

describe('people_liuyan connector against the simulated board', () => {
  let sim: LiuyanSimulator;
  const ctx: ConnectorContext = {
    http: new HttpFetcher({ timeoutMs: 2000, retries: 2, baseBackoffMs: 10 }),
    piiHashKey: 'unit-test-pii-key',
  };
  const config = (over: Record<string, unknown> = {}) =>
    peopleLiuyanConfigSchema.parse({
      baseUrl: sim.url,
      boards: [
        { fid: 1234, name: '阜阳市委书记', ownerCode: 'FY-SWSJ' },
        { fid: 5678, name: '阜阳市市长' },
      ],
      ...over,
    });
  const pull = (cursor: Record<string, unknown> | null, over: Record<string, unknown> = {}) =>
    collect(peopleLiuyanConnector.pull(config(over), cursor, ctx));

  beforeEach(async () => {
    sim = await startLiuyanSimulator();
  });
  afterEach(async () => {
    await sim.close();
  });

  /** Threads whose list entry is a cut preview or carries a reply: the ones read from their detail page. */
  const detailed = (fid?: number) =>
    sim.board.threads(fid).filter((t) => [...t.content].length > LIUYAN_PREVIEW_CHARS || t.answerContent);

  it('pulls exactly the threads of both boards, one page per API page, the cursor moving per board', async () => {
    const pages = await pull(null);
    const ids = records(pages).map((r) => r.externalId);
    expect(ids).toHaveLength(50);
    expect(new Set(ids)).toEqual(new Set(sim.board.threads().map((t) => String(t.tid))));
    expect(records(pages).every((r) => r.draft && !r.parseError)).toBe(true);
    // recheckRecent 20 > pageSize 10: the first page of each board is 20, then pages of 10 to the end.
    expect(pages.map((p) => p.records.length)).toEqual([20, 5, 20, 5]);
    const newest = (fid: number) => sim.board.threads(fid)[0].tid;
    expect(pages[0].cursor).toEqual({});
    expect(pages[1].cursor).toMatchObject({ 1234: { newestTid: newest(1234) } });
    expect(Object.keys(pages[1].cursor)).toEqual(['1234']);
    expect(pages[2].cursor).toEqual(pages[1].cursor);
    expect(Object.keys(pages[3].cursor)).toEqual(['1234', '5678']);
    expect(pages[3].cursor).toMatchObject({ 5678: { newestTid: newest(5678) } });
    // Every detail page read is remembered against its list entry, newest first; nothing waits for a retry.
    for (const fid of [1234, 5678]) {
      const board = (pages[3].cursor as Record<string, { details: [number, string][]; retry?: unknown }>)[
        fid
      ];
      expect(board.details.map(([tid]) => tid)).toEqual(detailed(fid).map((t) => t.tid));
      expect(board.retry).toBeUndefined();
    }
    expect(sim.board.handshakeCount()).toBe(1);
    expect(sim.board.requestCount()).toBe(4);
    expect(sim.board.detailCount()).toBe(detailed().length);
    expect(detailed().length).toBeLessThan(50);
  });

  it('asks as public clients do: a form with fid, lastItem, state and pageSize, the board page as Referer', async () => {
    await pull(null, { state: 1, pageSize: 10, recheckRecent: 0 });
    const seen = sim.board.lastListRequest();
    expect(seen?.contentType).toBe('application/x-www-form-urlencoded; charset=UTF-8');
    expect(seen?.fields).toEqual({
      fid: '5678',
      lastItem: expect.stringMatching(/^\d+$/) as unknown,
      state: '1',
      pageSize: '10',
    });
    expect(seen?.referer).toBe(`${sim.url}/threads/list?fid=5678`);
    expect(seen?.origin).toBe(new URL(sim.url).origin);
  });

  it('pulls only the threads of the configured state', async () => {
    for (const [state, info] of [
      [2, '待回复'],
      [4, '已回复'],
    ] as const) {
      const ids = records(await pull(null, { state })).map((r) => r.externalId);
      expect(new Set(ids)).toEqual(
        new Set(
          sim.board
            .threads()
            .filter((t) => t.stateInfo === info)
            .map((t) => String(t.tid)),
        ),
      );
      expect(sim.board.lastListRequest()?.fields.state).toBe(String(state));
    }
  });

  it('a cut list content is completed from the detail page; a short one is taken as it is', async () => {
    const long = sim.board
      .threads(1234)
      .find((t) => [...t.content].length > LIUYAN_PREVIEW_CHARS && !t.answerContent);
    const short = sim.board
      .threads()
      .find((t) => [...t.content].length <= LIUYAN_PREVIEW_CHARS && !t.answerContent);
    if (!long || !short) throw new Error('fixture lacks a long or a short unanswered thread');
    const got = byId(await pull(null));
    const full = got.get(String(long.tid));
    expect(full?.draft?.content).toBe(long.content);
    expect(JSON.parse(full?.raw ?? '{}')).toMatchObject({
      list: { tid: long.tid, content: listPreview(long.content) },
      detailUrl: `${sim.url}/threads/content?tid=${long.tid}`,
      detail: expect.stringContaining('liuyan_box03') as unknown,
    });
    expect(got.get(String(short.tid))?.draft?.content).toBe(short.content);
    expect(sim.board.detailCount(long.tid)).toBe(1);
    expect(sim.board.detailCount(short.tid)).toBe(0);
  });

  it('maps a thread field by field; ip stays in the raw capture only', async () => {
    const thread = sim.board.threads(5678).find((t) => t.answerContent && t.typeName === '求助');
    if (!thread) throw new Error('fixture has no answered 求助 thread');
    const record = byId(await pull(null)).get(String(thread.tid));
    if (!record?.draft) throw new Error(`thread ${thread.tid} not pulled`);
    const raw = JSON.parse(record.raw) as { list: object };
    expect({ ...raw.list, fid: thread.fid }).toEqual({
      ...thread,
      content: listPreview(thread.content),
      answerContent: listPreview(thread.answerContent),
    });
    expect(record.contentType).toBe('application/json');
    expect(record.raw).toContain(thread.ip);
    expect(JSON.stringify(record.draft)).not.toContain(thread.ip);
    const at = new Date(thread.dateline * 1000 + 8 * 3600_000).toISOString().slice(0, 19);
    expect(record.draft).toEqual({
      externalUrl: `${sim.url}/threads/content?tid=${thread.tid}`,
      boardId: '5678',
      submittedAt: `${at}+08:00`,
      title: thread.subject,
      content: thread.content,
      appealType: 'help',
      sourceTypeLabel: '求助',
      sourceDomainLabel: thread.domainName,
      location: { precision: 'none', origin: 'none' },
      targetHint: { boardName: '阜阳市市长' },
      reporter: {
        nameMasked: `${[...thread.nickName][0]}${'*'.repeat([...thread.nickName].length - 1)}`,
        anonymous: false,
        publicVisible: true,
      },
      attachments: [],
      engagement: { likes: thread.favNum },
      riskFlags: [],
      upstream: {
        status: '已回复',
        reply: thread.answerContent,
        repliedBy: thread.answerOrganization,
        repliedAt: unixToShanghaiIso(thread.answerDateline ?? 0),
      },
    });
    expect(new Date(record.draft.submittedAt).getTime()).toBe(thread.dateline * 1000);
  });

  it('the API is 403 without the WAF cookie; the connector handshakes and recovers from a rotated key', async () => {
    const res = await fetch(`${sim.url}/threads/queryThreadsList`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'fid=1234&lastItem=0&pageSize=10',
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<html');

    sim.board.setFaults({ wafRejectNext: 1 });
    const pages = await pull(null);
    expect(records(pages)).toHaveLength(50);
    expect(sim.board.handshakeCount()).toBe(2);

    sim.board.setFaults({ wafRejectNext: 2 });
    const failed = pull(null);
    await expect(failed).rejects.toBeInstanceOf(ConnectorError);
    await expect(failed).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('a second pull reads only the recheck page of each board, no detail page again, and yields identical drafts', async () => {
    const first = await pull(null);
    const cursor = first.at(-1)?.cursor ?? null;
    const before = sim.board.requestCount();
    const details = sim.board.detailCount();
    const second = await pull(cursor);
    expect(sim.board.requestCount() - before).toBe(2);
    expect(sim.board.detailCount()).toBe(details);
    // Threads read in full and unchanged since are left out (their items cannot have changed); the rest come again.
    const recent = (fid: number) => sim.board.threads(fid).slice(0, 20);
    const complete = (fid: number) =>
      recent(fid).filter((t) => !detailed(fid).some((d) => d.tid === t.tid)).length;
    expect(second.map((p) => p.records.length)).toEqual([complete(1234), complete(5678)]);
    expect(second.at(-1)?.cursor).toEqual(cursor);
    const earlier = byId(first);
    for (const r of records(second)) {
      expect(r.draft).toEqual(earlier.get(r.externalId)?.draft);
      // The framework hashes JSON.stringify(draft): key order must match too.
      expect(JSON.stringify(r.draft)).toBe(JSON.stringify(earlier.get(r.externalId)?.draft));
    }
  });

  it('a new thread appears in the next pull and moves the cursor', async () => {
    const cursor = (await pull(null)).at(-1)?.cursor ?? null;
    const added = sim.board.addThread(1234, {
      typeName: '投诉',
      domainName: '城建',
      subject: '颍州区文峰街道小区电梯频繁故障',
      content: '我们小区3号楼电梯本月已经停了四次，物业说在等配件，楼上住着很多老人，上下楼非常困难。',
      nickName: '三号楼住户',
      ip: '36.57.201.9',
      favNum: 3,
    });
    const pages = await pull(cursor);
    const record = byId(pages).get(String(added.tid));
    expect(record?.draft).toMatchObject({
      boardId: '1234',
      title: added.subject,
      appealType: 'complaint',
      upstream: { status: '待回复' },
    });
    expect(pages.at(-1)?.cursor).toMatchObject({ 1234: { newestTid: added.tid } });
    expect(JSON.stringify(record?.draft)).not.toContain('36.57.201.9');
  });

  it('a reply added later changes that thread’s draft, and only that: full reply text and its time', async () => {
    const first = await pull(null);
    const target = sim.board.threads(1234).find((t) => !t.answerContent);
    if (!target) throw new Error('fixture has no unanswered thread');
    const text =
      '经核实，相关问题已交由属地街道办理，街道已组织施工单位现场查看，预计两周内完成整改，整改结果将在本栏目公开。';
    const at = target.dateline + 3 * 86400;
    sim.board.answer(target.tid, '颍州区人民政府', text, at);
    const before = sim.board.detailCount(target.tid);
    const second = await pull(first.at(-1)?.cursor ?? null);
    const earlier = byId(first);
    const changed = records(second).filter(
      (r) => JSON.stringify(r.draft) !== JSON.stringify(earlier.get(r.externalId)?.draft),
    );
    expect(changed.map((r) => r.externalId)).toEqual([String(target.tid)]);
    // The list only has a preview of the reply; the item has all of it, from the detail page read once.
    expect(JSON.parse(changed[0].raw)).toMatchObject({ list: { answerContent: listPreview(text) } });
    expect(changed[0].draft?.content).toBe(target.content);
    expect(changed[0].draft?.upstream).toEqual({
      status: '已回复',
      reply: text,
      repliedBy: '颍州区人民政府',
      repliedAt: unixToShanghaiIso(at),
    });
    expect(sim.board.detailCount(target.tid)).toBe(before + 1);
  });

  it('a failed detail page keeps the item with its list text and a flag, and is retried until it reads', async () => {
    const target = sim.board.threads(1234)[3];
    if ([...target.content].length <= LIUYAN_PREVIEW_CHARS) throw new Error('fixture thread is not cut');
    sim.board.setFaults({ detailDown: [target.tid] });
    const first = await pull(null);
    const kept = byId(first).get(String(target.tid));
    expect(kept?.draft).toMatchObject({
      content: listPreview(target.content),
      riskFlags: [DETAIL_UNAVAILABLE],
    });
    expect(JSON.parse(kept?.raw ?? '{}')).toMatchObject({
      detailError: expect.stringContaining('503') as unknown,
    });
    expect(records(first).filter((r) => r.draft)).toHaveLength(50);
    const cursor = first.at(-1)?.cursor as Record<string, { retry?: [number, number][] }>;
    expect(cursor['1234'].retry).toEqual([[target.tid, 1]]);

    sim.board.setFaults({ detailDown: [] });
    const second = await pull(cursor);
    const healed = byId(second).get(String(target.tid));
    expect(healed?.draft).toMatchObject({ content: target.content, riskFlags: [] });
    expect((second.at(-1)?.cursor as Record<string, object>)['1234']).not.toHaveProperty('retry');
  });

  it('retries a failed detail page outside the re-checked window through a one-thread list query', async () => {
    const opts = { recheckRecent: 0, pageSize: 5, boards: [{ fid: 1234, name: '阜阳市委书记' }] };
    const target = sim.board.threads(1234)[12];
    sim.board.setFaults({ detailDown: [target.tid] });
    const first = await pull(null, { ...opts, maxPagesPerRun: 10 });
    expect(byId(first).get(String(target.tid))?.draft?.riskFlags).toEqual([DETAIL_UNAVAILABLE]);
    sim.board.setFaults({ detailDown: [] });
    const second = await pull(first.at(-1)?.cursor ?? null, opts);
    expect(byId(second).get(String(target.tid))?.draft).toMatchObject({
      content: target.content,
      riskFlags: [],
    });
    expect(sim.board.lastListRequest()?.fields).toMatchObject({
      lastItem: String(target.tid + 1),
      pageSize: '1',
    });
  });

  it(`gives up after ${MAX_DETAIL_ATTEMPTS} failed runs, until the thread's list entry changes`, async () => {
    const target = sim.board.threads(1234)[0];
    sim.board.setFaults({ detailDown: [target.tid] });
    let cursor: Record<string, unknown> | null = null;
    for (let run = 1; run <= MAX_DETAIL_ATTEMPTS + 1; run++)
      cursor = (await pull(cursor)).at(-1)?.cursor ?? null;
    // One attempt per run (the fetcher's own 3 tries of a 503) until the limit, then none: the item keeps its flag.
    expect(sim.board.detailCount(target.tid)).toBe(MAX_DETAIL_ATTEMPTS * 3);
    expect((cursor as Record<string, object>)['1234']).not.toHaveProperty('retry');
    sim.board.setFaults({ detailDown: [] });
    sim.board.answer(target.tid, '阜阳市城市管理局', '已转交相关部门处理。');
    const after = byId(await pull(cursor)).get(String(target.tid));
    expect(after?.draft).toMatchObject({ content: target.content, riskFlags: [] });
  });

  it('every draft completes to a valid AppealItem v1', async () => {
    for (const r of records(await pull(null))) {
      expect(
        checkDraft(
          {
            id: 'c1',
            channel: 'people_liuyan',
            system: 'people_liuyan',
            parserVersion: peopleLiuyanConnector.parserVersion,
          },
          r.externalId,
          r.draft ?? ({} as never),
        ),
      ).toEqual([]);
    }
  });

  it('a thread missing its tid gets a stable placeholder id and a parse error', () => {
    const board = { fid: 1234, name: '阜阳市委书记' };
    const raw = { dateline: 1790000000, subject: '无编号', content: '内容', ip: '1.2.3.4' };
    const a = toRecord(raw, board, 'https://liuyan.example');
    expect(a.externalId).toMatch(/^unparsed:[0-9a-f]{24}$/);
    expect(a.draft).toBeUndefined();
    expect(a.parseError).toMatch(/tid/);
    expect(toRecord(raw, board, 'https://liuyan.example').externalId).toBe(a.externalId);
    expect(toRecord({ ...raw, tid: '18540001' }, board, 'https://liuyan.example').draft?.boardId).toBe(
      '1234',
    );
  });

  it('accepts threadsCheckTime when dateline is missing, and needs one of them', () => {
    const board = { fid: 1234, name: '阜阳市委书记' };
    const base = { tid: 18540001, subject: '无日期', content: '内容' };
    expect(toRecord({ ...base, threadsCheckTime: 1790000000 }, board, 'https://x').draft?.submittedAt).toBe(
      unixToShanghaiIso(1790000000),
    );
    expect(
      toRecord({ ...base, dateline: 1780000000, threadsCheckTime: 1790000000 }, board, 'https://x').draft
        ?.submittedAt,
    ).toBe(unixToShanghaiIso(1780000000));
    expect(toRecord(base, board, 'https://x').parseError).toMatch(/threadsCheckTime/);
  });

  it('reads the detail page for a cut text or any reply, not for a short complete entry', () => {
    const t = (over: object) =>
      liuyanThreadSchema.parse({ tid: 1, dateline: 1, subject: 's', content: '完整的短留言。', ...over });
    expect(needsDetail(t({}))).toBe(false);
    expect(needsDetail(t({ content: '我们小区电梯本月已经停了四次...' }))).toBe(true);
    expect(needsDetail(t({ content: '我们小区电梯本月已经停了四次…' }))).toBe(true);
    expect(needsDetail(t({ answerContent: '已处理。' }))).toBe(true);
    expect(needsDetail(t({ answerDateline: 1790000000 }))).toBe(true);
  });

  it('a thread without content or tid is a record with a parse error, the others go on', async () => {
    const blank = sim.board.addThread(5678, { subject: '无内容', content: '   ' });
    const pages = await pull(null);
    const bad = byId(pages).get(String(blank.tid));
    expect(bad?.draft).toBeUndefined();
    expect(bad?.parseError).toMatch(/content/);
    expect(records(pages).filter((r) => r.draft)).toHaveLength(50);
  });

  it('continues a backlog longer than maxPagesPerRun in the next run instead of skipping it', async () => {
    const opts = { pageSize: 5, maxPagesPerRun: 2, recheckRecent: 0 };
    const cursor = (await pull(null, opts)).at(-1)?.cursor ?? null;
    const added = Array.from({ length: 13 }, (_, i) =>
      sim.board.addThread(1234, { subject: `新留言${i}`, content: `第${i}条新留言的内容。` }),
    );
    const second = await pull(cursor, opts);
    const c2 = second.at(-1)?.cursor ?? null;
    expect(c2).toMatchObject({ 1234: { newestTid: added[12].tid, gap: { below: added[3].tid } } });
    const third = await pull(c2, opts);
    const seen = new Set([...records(second), ...records(third)].map((r) => r.externalId));
    for (const t of added) expect(seen.has(String(t.tid))).toBe(true);
    const last = (third.at(-1)?.cursor as Record<string, object>)['1234'];
    expect(last).toMatchObject({ newestTid: added[12].tid });
    expect(last).not.toHaveProperty('gap');
  });

  it('rides out a 429 with Retry-After', async () => {
    sim.board.setFaults({ rateLimitNext: 1 });
    expect(records(await pull(null))).toHaveLength(50);
  });

  it('a board that had threads and now answers without a thread array is layout_changed', async () => {
    const cursor = (await pull(null)).at(-1)?.cursor ?? null;
    sim.board.setFaults({ layoutChanged: true });
    await expect(pull(cursor)).rejects.toMatchObject({ kind: 'layout_changed' });
  });

  it('a failed query (result is not success) is malformed', async () => {
    await expect(pull(null, { boards: [{ fid: 999, name: '不存在' }] })).rejects.toMatchObject({
      kind: 'malformed',
    });
  });

  it('check reports a bad fid and a bad baseUrl against their fields', async () => {
    expect(await peopleLiuyanConnector.check(config(), ctx)).toEqual({ ok: true, sample: 10, errors: [] });
    const badFid = await peopleLiuyanConnector.check(
      config({
        boards: [
          { fid: 1234, name: 'a' },
          { fid: 4321, name: 'b' },
        ],
      }),
      ctx,
    );
    expect(badFid).toMatchObject({ ok: false, sample: 5, errors: [{ field: 'boards[1].fid' }] });
    expect(badFid.errors).toHaveLength(1);
    const wrongPath = await peopleLiuyanConnector.check(config({ baseUrl: `${sim.url}/nope` }), ctx);
    expect(wrongPath).toMatchObject({ ok: false, errors: [{ field: 'baseUrl' }] });
    const unreachable = await peopleLiuyanConnector.check(config({ baseUrl: 'http://127.0.0.1:1' }), ctx);
    expect(unreachable).toMatchObject({ ok: false, errors: [{ field: 'baseUrl' }] });
  });

  it('validates the config', () => {
    expect(peopleLiuyanConfigSchema.safeParse({ baseUrl: 'https://x.example', boards: [] }).success).toBe(
      false,
    );
    expect(
      peopleLiuyanConfigSchema.safeParse({
        baseUrl: 'https://x.example',
        boards: [{ fid: 1, name: 'a' }],
        pageSize: 51,
      }).success,
    ).toBe(false);
    expect(
      peopleLiuyanConfigSchema.parse({ baseUrl: 'https://x.example', boards: [{ fid: 1, name: 'a' }] }),
    ).toMatchObject({ state: 1, pageSize: 10, maxPagesPerRun: 10, recheckRecent: 20 });
    expect(
      peopleLiuyanConfigSchema.safeParse({
        baseUrl: 'https://x.example',
        boards: [{ fid: 1, name: 'a' }],
        state: 5,
      }).success,
    ).toBe(false);
  });
});
