import {
  OPINION_API_KEY,
  startOpinionSimulator,
  type OpinionSimulator,
} from '../../../../test/simulator/public-opinion/opinion-api';
import { OPINION_TASK_ID, OPINION_WINDOW } from '../../../../test/simulator/public-opinion/opinion-hits';
import { checkDraft } from '@minsheng/shared/ingest';
import { collect, records, byId } from '../../../../test/support/pulled-pages';
import { type ConnectorContext, type PulledPage } from '@minsheng/connector-sdk';
import { HttpFetcher } from '@minsheng/connector-sdk/http';
import { createPublicOpinionConnector, publicOpinionConnector } from './public-opinion.connector';
import { publicOpinionConfigSchema } from './public-opinion.config';

const MIN = 60_000;

describe('public_opinion connector against the simulated vendor API', () => {
  let sim: OpinionSimulator;
  let now = OPINION_WINDOW.end + 10 * MIN;
  const connector = createPublicOpinionConnector({ now: () => now });
  const ctx: ConnectorContext = {
    http: new HttpFetcher({ timeoutMs: 2000, retries: 2, baseBackoffMs: 10 }),
    piiHashKey: 'unit-test-pii-key',
  };
  const config = (over: Record<string, unknown> = {}) =>
    publicOpinionConfigSchema.parse({
      baseUrl: sim.url,
      apiKey: OPINION_API_KEY,
      taskId: OPINION_TASK_ID,
      limit: 25,
      lookbackMinutes: 200,
      ...over,
    });
  const pull = (cursor: Record<string, unknown> | null, over: Record<string, unknown> = {}) =>
    collect(connector.pull(config(over), cursor, ctx));

  beforeEach(async () => {
    now = OPINION_WINDOW.end + 10 * MIN;
    sim = await startOpinionSimulator();
  });
  afterEach(async () => {
    await sim.close();
  });

  it('pulls exactly the 60 hits of the window, paging by session_id, the cursor moving on the last page', async () => {
    const pages = await pull(null);
    expect(pages.map((p) => p.records.length)).toEqual([25, 25, 10]);
    expect(records(pages).map((r) => r.externalId)).toEqual(sim.api.hits().map((h) => h.id));
    expect(records(pages).every((r) => r.draft && !r.parseError)).toBe(true);
    expect(pages.map((p) => p.cursor)).toEqual([{}, {}, { windowEnd: now }]);
    const [q1, q2, q3] = sim.api.queries();
    expect(q1).toEqual({ start: String(now - 200 * MIN), end: String(now), limit: '25' });
    expect(q2.session_id).toMatch(/^s/);
    expect(q3.session_id).toBe(q2.session_id);
    expect(sim.api.requestCount()).toBe(3);
  });

  it('maps a hit field by field: time in +08:00, masked author, risk flags', async () => {
    const hit = sim.api.hits().find((h) => h.media_type === 'news' && h.keywords.includes('聚集'));
    if (!hit) throw new Error('fixture has no news hit about 聚集');
    const record = byId(await pull(null)).get(hit.id);
    if (!record?.draft) throw new Error(`hit ${hit.id} not pulled`);
    expect(JSON.parse(record.raw)).toEqual(hit);
    expect(record.contentType).toBe('application/json');
    const at = new Date(hit.publish_time + 8 * 3600_000).toISOString().slice(0, 19);
    expect(record.draft).toEqual({
      externalUrl: hit.url,
      submittedAt: `${at}+08:00`,
      title: hit.title,
      content: hit.text,
      appealType: 'complaint',
      sourceTypeLabel: 'news',
      sourceDomainLabel: '阜阳新闻网',
      location: { precision: 'none', origin: 'none' },
      reporter: {
        nameMasked: `${[...hit.author][0]}${'*'.repeat([...hit.author].length - 1)}`,
        anonymous: false,
        publicVisible: true,
      },
      attachments: [],
      sentiment: 'negative',
      riskFlags: [...(hit.hotness >= 80 ? ['hot'] : []), 'negative', 'mass_incident'],
    });
    expect(new Date(record.draft.submittedAt).getTime()).toBe(hit.publish_time);
    expect(JSON.stringify(record.draft)).not.toContain(hit.author);
    const drafts = records(await pull(null)).map((r) => r.draft);
    expect(drafts.filter((d) => d?.riskFlags.includes('safety'))).toHaveLength(6);
    expect(drafts.filter((d) => d?.sentiment === 'positive').every((d) => d?.appealType === 'other')).toBe(
      true,
    );
  });

  it('a second pull yields identical drafts (key order included); an empty window moves the cursor on', async () => {
    const first = await pull(null);
    const again = await pull(first.at(-1)?.cursor ?? null, { overlapMinutes: 200 });
    expect(JSON.stringify(records(again).map((r) => r.draft))).toBe(
      JSON.stringify(records(first).map((r) => r.draft)),
    );
    now += 30 * MIN;
    const quiet = await pull(first.at(-1)?.cursor ?? null);
    expect(quiet).toEqual([{ records: [], cursor: { windowEnd: now } }]);
    expect(sim.api.queries().at(-1)).toMatchObject({
      start: String(now - 30 * MIN - 5 * MIN),
      end: String(now),
    });
  });

  it('a changed hit yields a changed draft, and only that one', async () => {
    const first = await pull(null);
    const target = sim.api.hits().find((h) => h.sentiment === 'neutral' && h.hotness < 50);
    if (!target) throw new Error('fixture has no quiet neutral hit');
    sim.api.updateHit(target.id, {
      sentiment: 'negative',
      hotness: 88,
      keywords: [...target.keywords, '维权'],
    });
    const second = await pull(first.at(-1)?.cursor ?? null, { overlapMinutes: 200 });
    const earlier = byId(first);
    const changed = records(second).filter(
      (r) => JSON.stringify(r.draft) !== JSON.stringify(earlier.get(r.externalId)?.draft),
    );
    expect(changed.map((r) => r.externalId)).toEqual([target.id]);
    expect(changed[0].draft).toMatchObject({
      appealType: 'complaint',
      sentiment: 'negative',
      riskFlags: ['hot', 'negative', 'mass_incident'],
    });
  });

  it('the next run reads from windowEnd − overlap: a late-indexed hit and a new one both arrive', async () => {
    const cursor = (await pull(null)).at(-1)?.cursor ?? null;
    const base = sim.api.hits()[0];
    sim.api.addHit({
      ...base,
      id: 'weibo_late_1',
      publish_time: now - 2 * MIN,
      text: '刚刚看到消息，颍州区清河路口发生交通事故，现场有交警处置。',
    });
    sim.api.addHit({
      ...base,
      id: 'weibo_new_1',
      publish_time: now + 5 * MIN,
      text: '颍东区幸福路积水严重，车辆通行困难。',
    });
    sim.api.addHit({
      ...base,
      id: 'weibo_old_1',
      publish_time: now - 30 * MIN,
      text: '这条在上次窗口之前，不会再读。',
    });
    now += 15 * MIN;
    const pages = await pull(cursor);
    expect(
      records(pages)
        .map((r) => r.externalId)
        .sort(),
    ).toEqual(['weibo_late_1', 'weibo_new_1']);
    expect(pages.at(-1)?.cursor).toEqual({ windowEnd: now });
  });

  it('passes the media type and sentiment filters to the vendor', async () => {
    const pages = await pull(null, { mediaTypes: ['weibo', 'video'], sentiments: ['negative'], limit: 1000 });
    const expected = sim.api.hits().filter((h) => h.media_type !== 'news' && h.sentiment === 'negative');
    expect(records(pages).map((r) => r.externalId)).toEqual(expected.map((h) => h.id));
    expect(sim.api.queries()[0]).toMatchObject({
      mediaTypes: 'weibo,video',
      sentiment: 'negative',
      limit: '1000',
    });
  });

  it('a broken hit is quarantined alone', async () => {
    const [, victim] = sim.api.hits();
    const broken: Record<string, unknown> = { ...victim, sentiment: 'angry' };
    delete broken.publish_time;
    sim.api.setRawHit(victim.id, broken);
    const all = byId(await pull(null));
    expect(all.get(victim.id)?.draft).toBeUndefined();
    expect(all.get(victim.id)?.parseError).toMatch(/publish_time.*sentiment|sentiment.*publish_time/s);
    expect([...all.values()].filter((r) => r.draft)).toHaveLength(59);
  });

  it('rides out a 503; a run that fails mid-way leaves the cursor where it was', async () => {
    sim.api.setFaults({ failNext: 1 });
    expect(records(await pull(null))).toHaveLength(60);
    const seen: PulledPage[] = [];
    const run = (async () => {
      for await (const p of connector.pull(config(), { windowEnd: OPINION_WINDOW.start + 10 * MIN }, ctx)) {
        seen.push(p);
        sim.api.setFaults({ failNext: 3 });
      }
    })();
    await expect(run).rejects.toMatchObject({ kind: 'temporary' });
    expect(seen.map((p) => p.cursor)).toEqual([{ windowEnd: OPINION_WINDOW.start + 10 * MIN }]);
  });

  it('a changed answer shape is layout_changed', async () => {
    sim.api.setFaults({ layoutChanged: true });
    await expect(pull(null)).rejects.toMatchObject({ kind: 'layout_changed' });
  });

  it('check reports a bad key, an unknown task and a bad URL against their fields', async () => {
    expect(await connector.check(config(), ctx)).toEqual({ ok: true, sample: 5, errors: [] });
    expect(await connector.check(config({ apiKey: 'wrong' }), ctx)).toMatchObject({
      ok: false,
      errors: [{ field: 'apiKey' }],
    });
    expect(await connector.check(config({ taskId: 'NO-SUCH-TASK' }), ctx)).toMatchObject({
      ok: false,
      errors: [{ field: 'taskId', message: expect.stringContaining('40401') }],
    });
    expect(await connector.check(config({ baseUrl: `${sim.url}/nope` }), ctx)).toMatchObject({
      ok: false,
      errors: [{ field: 'baseUrl' }],
    });
    expect(await connector.check(config({ baseUrl: 'http://127.0.0.1:1' }), ctx)).toMatchObject({
      ok: false,
      errors: [{ field: 'baseUrl' }],
    });
  });

  it('every draft completes to a valid AppealItem v1', async () => {
    for (const r of records(await pull(null))) {
      expect(
        checkDraft(
          {
            id: 'c1',
            channel: 'public_opinion',
            system: 'public_opinion',
            parserVersion: publicOpinionConnector.parserVersion,
          },
          r.externalId,
          r.draft ?? ({} as never),
        ),
      ).toEqual([]);
    }
  });

  it('validates the config and fills the defaults', () => {
    const base = { baseUrl: 'https://api.yuqing.example', apiKey: 'k', taskId: 'T1' };
    expect(publicOpinionConfigSchema.parse(base)).toMatchObject({
      limit: 500,
      lookbackMinutes: 60,
      overlapMinutes: 5,
      riskHotness: 80,
    });
    expect(publicOpinionConfigSchema.safeParse({ ...base, limit: 1001 }).success).toBe(false);
    expect(publicOpinionConfigSchema.safeParse({ ...base, taskId: '../x' }).success).toBe(false);
    expect(publicOpinionConfigSchema.safeParse({ ...base, sentiments: ['angry'] }).success).toBe(false);
  });
});
