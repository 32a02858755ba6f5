import {
  MINIAPP_ID,
  NEW_MEDIA_KEY,
  startHttpJsonSimulator,
  type HttpJsonSimulator,
} from '../../../../test/simulator/http-json/http-json-sources';
import {
  miniappConfig,
  newMediaConfig,
  supervisionConfig,
} from '../../../../test/simulator/http-json/http-json-configs';
import { hashPhone } from '@minsheng/shared/pii';
import { checkDraft } from '@minsheng/shared/ingest';
import { collect, records, byId } from '../../../../test/support/pulled-pages';
import { type ConnectorContext, type PulledPage } from '@minsheng/connector-sdk';
import { HttpFetcher } from '@minsheng/connector-sdk/http';
import { httpJsonConfigSchema, type HttpJsonConfig } from './http-json.config';
import { httpJsonConnector } from './http-json.connector';

const lastCursor = (pages: PulledPage[]) => pages.at(-1)?.cursor ?? null;

describe('http_json connector against simulated JSON sources', () => {
  let sim: HttpJsonSimulator;
  const ctx: ConnectorContext = {
    http: new HttpFetcher({ timeoutMs: 2000, retries: 2, baseBackoffMs: 10 }),
    piiHashKey: 'unit-test-pii-key',
  };

  /** "互联网+督查": page/size, bearer, data.list, incremental on updateTime (Shanghai wall time). */
  const supervision = (over: Record<string, unknown> = {}): HttpJsonConfig =>
    httpJsonConfigSchema.parse({ ...supervisionConfig((src) => sim.endpoint(src)), ...over });

  /** New-media comment export: opaque cursor, key in the query, incremental on updated_ms. */
  const newMedia = (over: Record<string, unknown> = {}): HttpJsonConfig =>
    httpJsonConfigSchema.parse({ ...newMediaConfig((src) => sim.endpoint(src)), ...over });

  /** Mini-program: POST JSON body, keyset lastId, header key, phone in clear. */
  const miniapp = (over: Record<string, unknown> = {}): HttpJsonConfig =>
    httpJsonConfigSchema.parse({ ...miniappConfig((src) => sim.endpoint(src)), ...over });

  const pull = (config: HttpJsonConfig, cursor: Record<string, unknown> | null = null) =>
    collect(httpJsonConnector.pull(config, cursor, ctx));

  beforeEach(async () => {
    sim = await startHttpJsonSimulator();
  });
  afterEach(async () => {
    await sim.close();
  });

  describe('pulls exactly each fixture, one page per request', () => {
    it('互联网+督查: numbered pages with a bearer token; the high-water commits on the last page', async () => {
      const pages = await pull(supervision());
      const cases = sim.records('supervision');
      expect(records(pages).map((r) => r.externalId)).toEqual(cases.map((c) => c.caseNo));
      expect(records(pages).every((r) => r.draft && !r.parseError)).toBe(true);
      expect(pages.map((p) => p.records.length)).toEqual([5, 5, 2]);
      expect(sim.requests('supervision').map((r) => r.query)).toEqual([
        { pageNum: '1', pageSize: '5' },
        { pageNum: '2', pageSize: '5' },
        { pageNum: '3', pageSize: '5' },
      ]);
      expect(pages[0].cursor).toEqual({ highWater: cases[4].updateTime, next: { page: 2 } });
      expect(pages[1].cursor).toEqual({ highWater: cases[9].updateTime, next: { page: 3 } });
      expect(pages[2].cursor).toEqual({ since: '2026-11-13 08:58:02' });
    });

    it('new media: follows next_cursor until it is null, the key in the query', async () => {
      const pages = await pull(newMedia());
      expect(records(pages).map((r) => r.externalId)).toEqual(
        sim.records('newMedia').map((c) => c.comment_id),
      );
      expect(pages.map((p) => p.records.length)).toEqual([4, 4, 1]);
      const queries = sim.requests('newMedia').map((r) => r.query);
      expect(queries[0]).toEqual({ access_token: NEW_MEDIA_KEY });
      expect(queries[1].cursor).toBeTruthy();
      expect(pages[0].cursor).toMatchObject({ next: { cursor: queries[1].cursor } });
      expect(lastCursor(pages)).toEqual({ since: sim.records('newMedia')[8].updated_ms });
    });

    it('mini-program: POSTs the body with lastId until an empty page, the lastId is kept as the watermark', async () => {
      const pages = await pull(miniapp());
      expect(records(pages).map((r) => r.externalId)).toEqual(
        sim.records('miniapp').map((r) => String(r.id)),
      );
      expect(pages.map((p) => p.records.length)).toEqual([3, 3, 1, 0]);
      const reqs = sim.requests('miniapp');
      expect(reqs.map((r) => r.method)).toEqual(['POST', 'POST', 'POST', 'POST']);
      expect(reqs.map((r) => r.body)).toEqual([
        { appId: MINIAPP_ID, limit: 3 },
        { appId: MINIAPP_ID, limit: 3, lastId: 90018 },
        { appId: MINIAPP_ID, limit: 3, lastId: 90030 },
        { appId: MINIAPP_ID, limit: 3, lastId: 90033 },
      ]);
      expect(pages[0].cursor).toEqual({ next: { lastId: 90018 } });
      expect(lastCursor(pages)).toEqual({ next: { lastId: 90033 } });
    });
  });

  describe('maps a record field by field', () => {
    it('互联网+督查 case: phone hashed and masked, never in clear', async () => {
      const c = sim.records('supervision').find((x) => x.caseNo === 'DC2026110005');
      const record = byId(await pull(supervision())).get('DC2026110005');
      if (!c || !record?.draft) throw new Error('case DC2026110005 not pulled');
      expect(JSON.parse(record.raw)).toEqual(c);
      expect(record.contentType).toBe('application/json');
      expect(record.raw).toContain('17705589876');
      expect(JSON.stringify(record.draft)).not.toMatch(/17705589876|05589876/);
      expect(record.draft).toEqual({
        externalUrl: 'https://ducha.example.gov.cn/case/DC2026110005',
        submittedAt: '2026-11-06T16:20:45+08:00',
        title: '医保异地备案手续繁琐',
        content: c.problemDesc,
        appealType: 'complaint',
        sourceTypeLabel: '企业和群众办事难',
        sourceDomainLabel: '太和县医疗保障局',
        location: {
          addressText: '安徽省阜阳市太和县',
          adcode: '341222',
          precision: 'address',
          origin: 'citizen',
        },
        reporter: {
          nameMasked: '周*',
          phoneHash: hashPhone('17705589876', ctx.piiHashKey),
          phoneMasked: '177****9876',
          anonymous: false,
          publicVisible: false,
        },
        attachments: [],
        riskFlags: [],
        upstream: { status: '已办结', reply: c.replyContent },
      });
      // Unreplied cases carry no reply; an unmapped problem type is "other" with its label kept.
      const other = byId(await pull(supervision())).get('DC2026110009')?.draft;
      expect(other?.upstream).toEqual({ status: '办理中' });
      expect(other).toMatchObject({ appealType: 'other', sourceTypeLabel: '价格收费' });
    });

    it('new-media comment: epoch seconds, nested title, public, URL from a path', async () => {
      const c = sim.records('newMedia')[2];
      const record = byId(await pull(newMedia())).get(String(c.comment_id));
      expect(record?.draft).toEqual({
        externalUrl: (c.post as { url: string }).url,
        submittedAt: '2026-11-14T20:02:00+08:00',
        title: '11月热线办理情况通报',
        content: c.text,
        appealType: 'other',
        sourceTypeLabel: '微信公众号',
        sourceDomainLabel: '热线',
        location: { precision: 'none', origin: 'none' },
        reporter: { nameMasked: '老*', anonymous: false, publicVisible: true },
        attachments: [],
        riskFlags: [],
      });
    });

    it('mini-program submission: clear phone hashed and masked, point location, joined content, template URL', async () => {
      const pages = await pull(miniapp());
      const record = byId(pages).get('90014');
      if (!record?.draft) throw new Error('submission 90014 not pulled');
      expect(record.raw).toContain('+86 138-5581-2233');
      expect(JSON.stringify(record.draft)).not.toMatch(/5581-?2233|13855812233/);
      expect(record.draft).toEqual({
        externalUrl: `https://mp.fy12345.example.cn/s/90014?t=${encodeURIComponent('求助')}`,
        submittedAt: '2026-11-15T09:03:55+08:00',
        title: '独居老人家中停水',
        content: '我母亲独居，家里从昨天开始停水，物业说是水管冻裂要等维修，老人行动不便，能否先帮忙送点水。',
        appealType: 'help',
        sourceTypeLabel: '求助',
        location: {
          addressText: '阜阳市颍东区向阳街道幸福小区5栋',
          lat: 32.9123,
          lng: 115.8654,
          crs: 'gcj02',
          precision: 'point',
          origin: 'channel',
        },
        reporter: {
          nameMasked: '马**',
          phoneHash: hashPhone('13855812233', ctx.piiHashKey),
          phoneMasked: '138****2233',
          anonymous: false,
          publicVisible: false,
        },
        attachments: [],
        riskFlags: [],
        upstream: { status: '已受理' },
      });
      expect(byId(pages).get('90011')?.draft?.content).toMatch(
        /行人只能走机动车道。\nhttps:\/\/mp\.fy12345\.cn\/img\/90011-1\.jpg$/,
      );
      // (0, 0) and an empty address are no location.
      expect(byId(pages).get('90021')?.draft?.location).toEqual({ precision: 'none', origin: 'none' });
      expect(byId(pages).get('90018')?.draft?.upstream).toEqual({
        status: '已办结',
        reply: expect.stringContaining('公交线网'),
      });
      for (const r of records(pages)) {
        const phone = String(JSON.parse(r.raw).contactPhone).replace(/\D/g, '').slice(-8);
        expect(JSON.stringify(r.draft)).not.toContain(phone);
      }
    });

    it('every draft of every source completes to a valid AppealItem v1', async () => {
      for (const config of [supervision(), newMedia(), miniapp()]) {
        for (const r of records(await pull(config))) {
          expect(
            checkDraft(
              {
                id: 'c1',
                channel: config.channel,
                system: 'http_json',
                parserVersion: httpJsonConnector.parserVersion,
              },
              r.externalId,
              r.draft ?? ({} as never),
            ),
          ).toEqual([]);
        }
      }
    });
  });

  describe('second pull with the cursor', () => {
    it('互联网+督查: sends the high-water and re-reads only the newest case, an identical draft', async () => {
      const first = await pull(supervision());
      const second = await pull(supervision(), lastCursor(first));
      expect(sim.requests('supervision').at(-1)?.query).toEqual({
        pageNum: '1',
        pageSize: '5',
        updatedSince: '2026-11-13 08:58:02',
      });
      expect(records(second).map((r) => r.externalId)).toEqual(['DC2026110012']);
      expect(JSON.stringify(records(second)[0].draft)).toBe(
        JSON.stringify(byId(first).get('DC2026110012')?.draft),
      );
      expect(lastCursor(second)).toEqual(lastCursor(first));
    });

    it('new media: only the newest comment, identical', async () => {
      const first = await pull(newMedia());
      const second = await pull(newMedia(), lastCursor(first));
      const ids = records(second).map((r) => r.externalId);
      expect(ids).toEqual([String(sim.records('newMedia')[8].comment_id)]);
      expect(records(second)[0].draft).toEqual(byId(first).get(ids[0])?.draft);
    });

    it('mini-program: nothing until a new submission, then only that one', async () => {
      const first = await pull(miniapp());
      const second = await pull(miniapp(), lastCursor(first));
      expect(records(second)).toEqual([]);
      expect(lastCursor(second)).toEqual(lastCursor(first));
      sim.add('miniapp', {
        ...sim.records('miniapp')[0],
        id: 90040,
        title: '菜市场门口积水',
        detail: '颍州区文峰街道农贸市场门口下水道堵塞，一下雨就积水，买菜要蹚水。',
        contactPhone: '13300001111',
        images: [],
      });
      const third = await pull(miniapp(), lastCursor(second));
      expect(records(third).map((r) => r.externalId)).toEqual(['90040']);
      expect(records(third)[0].draft?.reporter.phoneMasked).toBe('133****1111');
      expect(lastCursor(third)).toEqual({ next: { lastId: 90040 } });
    });
  });

  describe('a changed record yields a changed draft', () => {
    it('互联网+督查: a case that is concluded comes back with its reply; the others do not change', async () => {
      const first = await pull(supervision());
      const reply = '经督办，区政府已拨付拖欠工程款200万元，剩余款项明确于年底前付清。';
      const changed = sim.change('supervision', 'DC2026110001', {
        handlingStatus: '已办结',
        replyContent: reply,
      });
      const second = await pull(supervision(), lastCursor(first));
      const earlier = byId(first);
      const diff = records(second).filter(
        (r) => JSON.stringify(r.draft) !== JSON.stringify(earlier.get(r.externalId)?.draft),
      );
      expect(diff.map((r) => r.externalId)).toEqual(['DC2026110001']);
      expect(diff[0].draft?.upstream).toEqual({ status: '已办结', reply });
      expect(lastCursor(second)).toEqual({ since: changed.updateTime });
    });

    it('new media: an edited comment', async () => {
      const first = await pull(newMedia());
      const id = String(sim.records('newMedia')[1].comment_id);
      sim.change('newMedia', id, {
        text: '清河路和三清路交叉口早高峰没有交警疏导（已补充：周一到周五都这样）。',
      });
      const second = await pull(newMedia(), lastCursor(first));
      const r = byId(second).get(id);
      expect(r?.draft?.content).toContain('已补充');
      expect(r?.draft).not.toEqual(byId(first).get(id)?.draft);
    });
  });

  describe('bad records and faults', () => {
    it('a bad record is a parseError naming the field; the others continue', async () => {
      const base = sim.records('supervision')[0];
      sim.add('supervision', {
        ...base,
        caseNo: 'DC2026110090',
        problemDesc: '  ',
        updateTime: '2026-11-13 09:00:00',
      });
      sim.add('supervision', {
        ...base,
        caseNo: 'DC2026110091',
        reportTime: '2026-02-30 10:00:00',
        updateTime: '2026-11-13 09:00:01',
      });
      sim.add('supervision', { ...base, caseNo: undefined, updateTime: '2026-11-13 09:00:02' });
      const pages = await pull(supervision());
      const all = byId(pages);
      expect(all.get('DC2026110090')?.parseError).toBe(
        'mapping.content: path "problemDesc" not found in the record',
      );
      expect(all.get('DC2026110091')?.parseError).toBe(
        'mapping.submittedAt: "2026-02-30 10:00:00" is not a valid shanghai time',
      );
      const noId = records(pages).find((r) => r.externalId.startsWith('unparsed:'));
      expect(noId?.parseError).toMatch(/^mapping\.externalId: path "caseNo" not found/);
      expect(records(pages).filter((r) => r.draft)).toHaveLength(12);
      expect(records(pages)).toHaveLength(15);
    });

    it.each(['supervision', 'newMedia', 'miniapp'] as const)(
      '%s: a response without the record array is layout_changed',
      async (source) => {
        const config = { supervision, newMedia, miniapp }[source]();
        sim.setLayoutChanged(source, true);
        await expect(pull(config)).rejects.toMatchObject({ name: 'ConnectorError', kind: 'layout_changed' });
      },
    );

    it('rides out a 503 (failNext) and reports a wrong token as forbidden', async () => {
      sim.failNext('supervision', 503, 2);
      expect(records(await pull(supervision()))).toHaveLength(12);
      await expect(pull(supervision({ auth: { kind: 'bearer', token: 'wrong' } }))).rejects.toMatchObject({
        kind: 'forbidden',
      });
    });

    it('a walk cut short by maxPages continues next run before the high-water moves', async () => {
      const first = await pull(supervision({ maxPages: 2 }));
      expect(first.map((p) => p.records.length)).toEqual([5, 5]);
      expect(lastCursor(first)).toEqual({ highWater: '2026-11-11 10:10:10', next: { page: 3 } });
      const second = await pull(supervision({ maxPages: 2 }), lastCursor(first));
      expect(records(second).map((r) => r.externalId)).toEqual(['DC2026110011', 'DC2026110012']);
      expect(lastCursor(second)).toEqual({ since: '2026-11-13 08:58:02' });
    });

    it('a failed page keeps the last committed cursor: pages before it were yielded with their resume point', async () => {
      const seen: PulledPage[] = [];
      sim.failNext('newMedia', 404, 0);
      const config = newMedia();
      const it = httpJsonConnector.pull(config, null, ctx)[Symbol.asyncIterator]();
      const p1 = await it.next();
      if (!p1.done) seen.push(p1.value);
      sim.failNext('newMedia', 404, 1);
      await expect(it.next()).rejects.toMatchObject({ kind: 'not_found' });
      const resumed = await pull(config, seen[0].cursor);
      expect(records(resumed)).toHaveLength(5);
      expect(lastCursor(resumed)).toEqual({ since: sim.records('newMedia')[8].updated_ms });
    });
  });

  describe('check', () => {
    it('passes for the three sources', async () => {
      const configs: [HttpJsonConfig, number][] = [
        [supervision(), 5],
        [newMedia(), 4],
        [miniapp(), 3],
      ];
      for (const [config, sample] of configs) {
        expect(await httpJsonConnector.check(config, ctx)).toEqual({ ok: true, sample, errors: [] });
      }
    });

    it('names the field of a wrong path, a wrong recordsPath and a wrong token', async () => {
      const m = supervision().mapping;
      const wrong = await httpJsonConnector.check(
        supervision({ mapping: { ...m, content: 'problem.desc', status: 'state' } }),
        ctx,
      );
      expect(wrong.ok).toBe(false);
      expect(wrong.errors).toEqual([
        {
          field: 'mapping.content',
          message: 'mapping.content: path "problem.desc" not found in any of the 5 sample records',
        },
        {
          field: 'mapping.status',
          message: 'mapping.status: path "state" not found in any of the 5 sample records',
        },
      ]);
      const one = await httpJsonConnector.check(
        miniapp({ body: { appId: MINIAPP_ID, limit: 1 }, mapping: { ...miniapp().mapping, content: 'x.y' } }),
        ctx,
      );
      expect(one.errors).toEqual([
        { field: 'mapping.content', message: 'mapping.content: path "x.y" not found in the sample record' },
      ]);
      const layout = await httpJsonConnector.check(supervision({ recordsPath: 'data.rows' }), ctx);
      expect(layout.errors).toEqual([
        { field: 'recordsPath', message: 'path "data.rows" is not an array in the response' },
      ]);
      const cursor = await httpJsonConnector.check(
        newMedia({ paging: { style: 'cursor', cursorParam: 'cursor', nextCursorPath: 'paging.next' } }),
        ctx,
      );
      expect(cursor.errors.map((e) => e.field)).toEqual(['paging.nextCursorPath']);
      const auth = await httpJsonConnector.check(
        supervision({ auth: { kind: 'bearer', token: 'wrong' } }),
        ctx,
      );
      expect(auth).toMatchObject({ ok: false, errors: [{ field: 'auth' }] });
      const format = await httpJsonConnector.check(
        supervision({ incremental: { param: 'updatedSince', fromPath: 'updateTime', format: 'iso' } }),
        ctx,
      );
      expect(format.errors.map((e) => e.field)).toEqual(['incremental.format']);
    });
  });

  describe('config schema', () => {
    const valid = () => ({
      channel: 'gov_supervision',
      url: 'https://ducha.example.gov.cn/api/cases',
      paging: { style: 'page', pageParam: 'page', size: 20 },
      recordsPath: 'data.list',
      mapping: {
        externalId: 'caseNo',
        content: 'problemDesc',
        submittedAt: { path: 'reportTime', format: 'shanghai' },
      },
    });

    it('fills defaults', () => {
      expect(httpJsonConfigSchema.parse(valid())).toMatchObject({
        method: 'GET',
        maxPages: 20,
        timeoutMs: 15000,
        paging: { startAt: 1 },
        mapping: { publicVisible: false },
      });
    });

    it('rejects an invalid mapping', () => {
      const bad = (mapping: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
        httpJsonConfigSchema.safeParse({ ...valid(), ...extra, mapping: { ...valid().mapping, ...mapping } });
      const noContent = httpJsonConfigSchema.safeParse({
        ...valid(),
        mapping: { externalId: 'caseNo', submittedAt: valid().mapping.submittedAt },
      });
      expect(noContent.success).toBe(false);
      expect(noContent.error?.issues[0].path).toEqual(['mapping', 'content']);
      expect(bad({ content: 'a..b' }).success).toBe(false);
      expect(bad({ content: [] }).success).toBe(false);
      expect(bad({ appealType: { path: 'type', values: { 投诉: 'grumble' } } }).success).toBe(false);
      expect(bad({ submittedAt: undefined }).error?.issues[0].path).toEqual(['mapping', 'submittedAt']);
      expect(
        bad({ submittedAt: undefined }, { incremental: { param: 's', fromPath: 'updatedAt', format: 'iso' } })
          .success,
      ).toBe(true);
      expect(bad({ externalUrl: 'not a path or url' }).success).toBe(false);
      expect(bad({}, { channel: 'Gov-Supervision' }).success).toBe(false);
      expect(bad({}, { paging: { style: 'scroll' } }).success).toBe(false);
      expect(bad({}, { body: { a: 1 } }).success).toBe(false);
    });

    it('documents itself in the JSON Schema', async () => {
      const { z } = await import('zod');
      const schema = JSON.stringify(
        z.toJSONSchema(httpJsonConfigSchema, { io: 'input', unrepresentable: 'any' }),
      );
      expect(schema).toContain('Dot path (a.b.c, a[0].b) to the appeal text');
      expect(schema).toContain('AppealItem channel');
    });
  });
});
