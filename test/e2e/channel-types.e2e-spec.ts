import { type AppealItemV1 } from '../../libs/shared/src/contracts';
import { appealId } from '../../libs/shared/src/ids';
import { hashPhone } from '../../libs/shared/src/pii';
import {
  CHANNEL_PULL_PII_KEY as PII_KEY,
  startChannelPull,
  type ChannelPull,
  type FinishedRun,
} from '../support/channel-pull';
import { startSimulator } from '../simulator/simulator';
import { formatShanghai, parseShanghai } from '../simulator/shanghai-time';
import { startMailboxSimulator } from '../simulator/mailbox/mailbox-site';
import { startLiuyanSimulator } from '../simulator/liuyan/liuyan-board';
import {
  FEED_PROGRAMS,
  JSON_FEED_OPTIONS,
  startMediaFeedsSimulator,
  type FeedKey,
} from '../simulator/media-hotline/media-feeds';
import { OPINION_API_KEY, startOpinionSimulator } from '../simulator/public-opinion/opinion-api';
import {
  generateOpinionHits,
  OPINION_TASK_ID,
  OPINION_WINDOW,
} from '../simulator/public-opinion/opinion-hits';
import { miniappConfig, newMediaConfig, supervisionConfig } from '../simulator/http-json/http-json-configs';
import { startHttpJsonSimulator } from '../simulator/http-json/http-json-sources';

/**
 * Every channel type, table-driven, through the real pull path: the registry's connector against its simulator,
 * the ingest repository into a fresh PostgreSQL clone, the outbox relayed to real Kafka under a prefix of its own.
 * Per type: a full pull stores exactly the fixture set (revision 1) and publishes it once; a second pull emits
 * nothing; one upstream change becomes exactly one revision 2 and one more record on the topic.
 */

const MIN = 60_000;

/** The appeal type words the channels use, as the fixtures write them. */
const TYPE_WORDS: Record<string, AppealItemV1['appealType']> = {
  投诉: 'complaint',
  求助: 'help',
  咨询: 'consult',
  建议: 'suggestion',
  举报: 'report',
  表扬: 'praise',
};

const shanghaiIso = (local: string): string => `${local.replace(' ', 'T')}+08:00`;
const msIso = (ms: number): string => `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
const maskedMobile = (p: string): string => `${p.slice(0, 3)}****${p.slice(7)}`;
const maskedNick = (n: string): string => `${[...n][0]}${'*'.repeat([...n].length - 1)}`;

interface Ref {
  channel: string;
  externalId: string;
}

interface Upstream {
  instances: { id: string; config: Record<string, unknown> }[];
  /** The fixture set a full pull must store, exactly. */
  expected: Ref[];
  /** One item compared field by field with what its fixture record says. */
  sample: Ref & { fields: Partial<AppealItemV1>; clearPhone?: string };
  /** Changes one upstream record with the simulator's hook; says which and how revision 2 must show it. */
  change(): Ref & { verify(item: AppealItemV1): void };
  close(): Promise<void>;
}

interface ChannelCase {
  type: string;
  label: string;
  start(): Promise<Upstream>;
}

const CASES: ChannelCase[] = [
  {
    type: 'hotline_12345',
    label: 'ch-hotline',
    async start() {
      const sim = await startSimulator({ port: 0 });
      const orders = sim.orders();
      const o = orders.find((x) => x.incidentAddress && x.anonymousFlag === '0' && x.appealTitle);
      if (!o) throw new Error('fixture has no named work order with an address');
      return {
        instances: [{ id: 'hotline-fy', config: { baseUrl: sim.url, token: sim.token, pageSize: 100 } }],
        expected: orders.map((x) => ({ channel: 'hotline_12345', externalId: x.recordNo })),
        sample: {
          channel: 'hotline_12345',
          externalId: o.recordNo,
          clearPhone: o.contactPhone,
          fields: {
            title: o.appealTitle,
            content: o.appealContent,
            submittedAt: shanghaiIso(o.acceptTime),
            appealType: TYPE_WORDS[o.appealType],
            sourceTypeLabel: o.appealType,
            sourceDomainLabel: o.sourceChannel,
            location: { addressText: o.incidentAddress, precision: 'address', origin: 'citizen' },
            reporter: {
              nameMasked: o.citizenName,
              phoneHash: hashPhone(o.contactPhone, PII_KEY) ?? 'no hash',
              phoneMasked: maskedMobile(o.contactPhone),
              anonymous: false,
              publicVisible: false,
            },
            upstream: { status: o.status, urgency: o.urgency, repeated: o.repeatFlag === '1' },
          },
        },
        change() {
          const target = sim.orders().find((x) => x.status !== '已办结');
          if (!target) throw new Error('fixture has no open work order');
          const newest = sim
            .orders()
            .map((x) => x.updateTime)
            .sort()
            .at(-1) as string;
          // The hotline moves updateTime on every change; the export is filtered on it.
          sim.upsertOrder({
            ...target,
            status: '已办结',
            updateTime: formatShanghai((parseShanghai(newest) ?? 0) + MIN),
          });
          return {
            channel: 'hotline_12345',
            externalId: target.recordNo,
            verify: (item) => expect(item.upstream?.status).toBe('已办结'),
          };
        },
        close: () => sim.close(),
      };
    },
  },
  {
    type: 'mayor_mailbox',
    label: 'ch-mailbox',
    async start() {
      const sim = await startMailboxSimulator({ port: 0 });
      const letter = sim.letters().find((l) => l.name === '张建国');
      if (!letter?.reply) throw new Error('fixture letter of 张建国 missing or unanswered');
      return {
        instances: [
          {
            id: 'fy-mailbox',
            config: { listUrl: sim.listUrl, mailboxOwner: '阜阳市市长信箱', maxPages: 5 },
          },
        ],
        expected: sim.letters().map((l) => ({ channel: 'mayor_mailbox', externalId: l.letterNo })),
        sample: {
          channel: 'mayor_mailbox',
          externalId: letter.letterNo,
          fields: {
            title: letter.title,
            content: letter.content,
            submittedAt: shanghaiIso(letter.receivedAt),
            appealType: 'complaint',
            sourceTypeLabel: letter.type,
            location: { precision: 'none', origin: 'none' },
            targetHint: { mailboxOwner: '阜阳市市长信箱' },
            reporter: { nameMasked: '张**', anonymous: false, publicVisible: true },
            upstream: {
              status: letter.status,
              reply: letter.reply.text,
              repliedBy: letter.reply.unit,
              repliedAt: shanghaiIso(letter.reply.time),
            },
          },
        },
        change() {
          const target = sim.letters().find((l) => !l.reply);
          if (!target) throw new Error('fixture has no unanswered letter');
          const text = '经核查，已责成属地街道清理，并加强日常巡查。';
          sim.reply(target.letterNo, '阜阳市城市管理局', text);
          return {
            channel: 'mayor_mailbox',
            externalId: target.letterNo,
            verify: (item) =>
              expect(item.upstream).toMatchObject({
                status: '已办结',
                reply: text,
                repliedBy: '阜阳市城市管理局',
              }),
          };
        },
        close: () => sim.close(),
      };
    },
  },
  {
    type: 'people_liuyan',
    label: 'ch-liuyan',
    async start() {
      const sim = await startLiuyanSimulator({ port: 0 });
      const t = sim.board.threads(5678).find((x) => x.answerContent && x.typeName === '求助');
      if (!t) throw new Error('fixture has no answered 求助 thread');
      return {
        instances: [
          {
            id: 'fy-liuyan',
            config: {
              baseUrl: sim.url,
              boards: [
                { fid: 1234, name: '阜阳市委书记' },
                { fid: 5678, name: '阜阳市市长' },
              ],
            },
          },
        ],
        expected: sim.board.threads().map((x) => ({ channel: 'people_liuyan', externalId: String(x.tid) })),
        sample: {
          channel: 'people_liuyan',
          externalId: String(t.tid),
          fields: {
            title: t.subject,
            content: t.content,
            submittedAt: msIso(t.dateline * 1000),
            appealType: 'help',
            sourceTypeLabel: t.typeName,
            sourceDomainLabel: t.domainName,
            location: { precision: 'none', origin: 'none' },
            targetHint: { boardName: '阜阳市市长' },
            reporter: { nameMasked: maskedNick(t.nickName), anonymous: false, publicVisible: true },
            engagement: { likes: t.favNum },
            // The list sends previews of both texts; content and reply are the detail page's full ones.
            upstream: {
              status: t.stateInfo,
              reply: t.answerContent,
              repliedBy: t.answerOrganization,
              repliedAt: msIso((t.answerDateline ?? 0) * 1000),
            },
          },
        },
        change() {
          // Replies become revisions only within the recheck window (the newest recheckRecent = 20 threads).
          const target = sim.board
            .threads(1234)
            .slice(0, 20)
            .find((x) => !x.answerContent);
          if (!target) throw new Error('fixture has no recent unanswered thread');
          const text =
            '经核实，相关问题已交由属地街道办理，街道已组织施工单位现场查看，预计两周内完成整改，整改结果将在本栏目公开。';
          const at = target.dateline + 2 * 86400;
          sim.board.answer(target.tid, '颍州区人民政府', text, at);
          return {
            channel: 'people_liuyan',
            externalId: String(target.tid),
            verify: (item) => {
              expect(item.content).toBe(target.content);
              expect(item.upstream).toEqual({
                status: '已回复',
                reply: text,
                repliedBy: '颍州区人民政府',
                repliedAt: msIso(at * 1000),
              });
            },
          };
        },
        close: () => sim.close(),
      };
    },
  },
  {
    type: 'media_hotline',
    label: 'ch-media',
    async start() {
      const sim = await startMediaFeedsSimulator({ port: 0 });
      const feeds: FeedKey[] = ['rss', 'atom', 'json'];
      const item = sim.feeds.items('rss').find((i) => i.id === 'fytv-msrx-20261112-01');
      if (!item) throw new Error('fixture item fytv-msrx-20261112-01 missing');
      return {
        instances: feeds.map((f) => ({
          id: `media-${f}`,
          config: {
            feedUrl: sim.feedUrl(f),
            program: FEED_PROGRAMS[f],
            ...(f === 'json' ? { json: JSON_FEED_OPTIONS } : {}),
          },
        })),
        expected: feeds.flatMap((f) =>
          sim.feeds.items(f).map((i) => ({ channel: 'media_hotline', externalId: i.id })),
        ),
        sample: {
          channel: 'media_hotline',
          externalId: item.id,
          fields: {
            title: item.title,
            // The CMS stores paragraphs; the connector keeps them as lines of text.
            content: item.html.replace(/<\/p><p>/g, '\n').replace(/<\/?p>/g, ''),
            submittedAt: msIso(item.publishedAt),
            appealType: TYPE_WORDS[item.category],
            sourceTypeLabel: item.category,
            sourceDomainLabel: FEED_PROGRAMS.rss,
            location: { precision: 'none', origin: 'none' },
            reporter: { anonymous: true, publicVisible: true },
          },
        },
        change() {
          const id = 'tag:yzwb.example,2026:rexian/50256';
          sim.feeds.updateItem('atom', id, {
            html: '<p>颍上县慎城镇读者反映，主干道路灯已两个月不亮。</p><p>【追踪】供电所已派人检修，本周内恢复照明。</p>',
          });
          return {
            channel: 'media_hotline',
            externalId: id,
            verify: (i) => expect(i.content).toContain('【追踪】供电所已派人检修'),
          };
        },
        close: () => sim.close(),
      };
    },
  },
  {
    type: 'public_opinion',
    label: 'ch-opinion',
    async start() {
      // The registered connector reads the real clock, and the fixture's hits sit in a fixed three-hour window.
      // lookbackMinutes (≤ 7 days) could reach back to them, but a later run only re-reads overlapMinutes (≤ 24 h)
      // before its previous end, so a change to a day-old hit is never seen again. The same hits are therefore
      // moved, as a block, to end ten minutes ago; lookback and overlap then cover the whole set on every run.
      const shift = Date.now() - 10 * MIN - OPINION_WINDOW.end;
      const hits = generateOpinionHits().map((h) => ({ ...h, publish_time: h.publish_time + shift }));
      const sim = await startOpinionSimulator({ port: 0, hits });
      const hit = sim.api.hits().find((h) => h.media_type === 'news' && h.keywords.includes('聚集'));
      if (!hit) throw new Error('fixture has no news hit about 聚集');
      return {
        instances: [
          {
            id: 'fy-yuqing',
            config: {
              baseUrl: sim.url,
              apiKey: OPINION_API_KEY,
              taskId: OPINION_TASK_ID,
              limit: 25,
              lookbackMinutes: 200,
              overlapMinutes: 240,
            },
          },
        ],
        expected: sim.api.hits().map((h) => ({ channel: 'public_opinion', externalId: h.id })),
        sample: {
          channel: 'public_opinion',
          externalId: hit.id,
          fields: {
            title: hit.title,
            content: hit.text,
            submittedAt: msIso(hit.publish_time),
            appealType: 'complaint',
            sourceTypeLabel: hit.media_type,
            sourceDomainLabel: hit.platform,
            location: { precision: 'none', origin: 'none' },
            reporter: { nameMasked: maskedNick(hit.author), anonymous: false, publicVisible: true },
            sentiment: 'negative',
            riskFlags: [...(hit.hotness >= 80 ? ['hot'] : []), 'negative', 'mass_incident'],
          },
        },
        change() {
          const target = sim.api.hits().find((h) => h.sentiment === 'neutral' && h.hotness < 50);
          if (!target) throw new Error('fixture has no quiet neutral hit');
          sim.api.updateHit(target.id, {
            sentiment: 'negative',
            hotness: 88,
            keywords: [...target.keywords, '维权'],
          });
          return {
            channel: 'public_opinion',
            externalId: target.id,
            verify: (item) =>
              expect(item).toMatchObject({
                appealType: 'complaint',
                sentiment: 'negative',
                riskFlags: ['hot', 'negative', 'mass_incident'],
              }),
          };
        },
        close: () => sim.close(),
      };
    },
  },
  {
    type: 'http_json',
    label: 'ch-httpjson',
    async start() {
      const sim = await startHttpJsonSimulator();
      const c = sim.records('supervision').find((x) => x.caseNo === 'DC2026110005') as
        { caseNo: string; reporter: { name: string; phone: string }; [k: string]: unknown } | undefined;
      if (!c) throw new Error('fixture case DC2026110005 missing');
      const phone = c.reporter.phone;
      return {
        instances: [
          {
            // 互联网+督查: page/size, bearer, incremental on updateTime.
            id: 'fy-ducha',
            config: supervisionConfig((src) => sim.endpoint(src)),
          },
          {
            id: 'fy-xmt',
            config: newMediaConfig((src) => sim.endpoint(src)),
          },
          {
            id: 'fy-miniapp',
            config: miniappConfig((src) => sim.endpoint(src)),
          },
        ],
        expected: [
          ...sim
            .records('supervision')
            .map((r) => ({ channel: 'gov_supervision', externalId: String(r.caseNo) })),
          ...sim.records('newMedia').map((r) => ({ channel: 'new_media', externalId: String(r.comment_id) })),
          ...sim.records('miniapp').map((r) => ({ channel: 'miniapp', externalId: String(r.id) })),
        ],
        sample: {
          channel: 'gov_supervision',
          externalId: c.caseNo,
          clearPhone: phone,
          fields: {
            title: c.caseTitle as string,
            content: c.problemDesc as string,
            submittedAt: shanghaiIso(c.reportTime as string),
            appealType: 'complaint',
            sourceTypeLabel: c.problemType as string,
            sourceDomainLabel: c.transferDept as string,
            location: {
              addressText: c.involvedArea as string,
              adcode: c.areaCode as string,
              precision: 'address',
              origin: 'citizen',
            },
            reporter: {
              nameMasked: maskedNick(c.reporter.name),
              phoneHash: hashPhone(phone, PII_KEY) ?? 'no hash',
              phoneMasked: maskedMobile(phone),
              anonymous: false,
              publicVisible: false,
            },
            upstream: { status: c.handlingStatus as string, reply: c.replyContent as string },
          },
        },
        change() {
          const reply = '经督办，区政府已拨付拖欠工程款200万元，剩余款项明确于年底前付清。';
          sim.change('supervision', 'DC2026110001', { handlingStatus: '已办结', replyContent: reply });
          return {
            channel: 'gov_supervision',
            externalId: 'DC2026110001',
            verify: (item) => expect(item.upstream).toEqual({ status: '已办结', reply }),
          };
        },
        close: () => sim.close(),
      };
    },
  },
];

interface ItemRow {
  id: string;
  revision: number;
  channel: string;
  external_id: string;
}

describe.each(CASES)('channel type $type: pull, publish, repeat, revise', ({ type, label, start }) => {
  let hub: ChannelPull;
  let up: Upstream;
  const n = () => up.expected.length;

  const pullAll = async (): Promise<FinishedRun[]> => {
    const runs: FinishedRun[] = [];
    for (const i of up.instances) runs.push(await hub.pull(i.id));
    return runs;
  };
  const sum = (runs: FinishedRun[], k: 'fetched' | 'emitted' | 'unchanged' | 'quarantined') =>
    runs.reduce((s, r) => s + r[k], 0);
  const items = () =>
    hub.db.query<ItemRow>(
      `SELECT id, revision, channel, external_id FROM appeal_items ORDER BY id, revision`,
    );
  const payload = async (id: string, revision: number): Promise<AppealItemV1> => {
    const [row] = await hub.db.query<{ payload: AppealItemV1 }>(
      `SELECT payload FROM appeal_items WHERE id = $1 AND revision = $2`,
      [id, revision],
    );
    if (!row) throw new Error(`no revision ${revision} of ${id}`);
    return row.payload;
  };
  const expectAllSucceeded = (runs: FinishedRun[]) =>
    expect(runs.map((r) => ({ status: r.status, error: r.error, quarantined: r.quarantined }))).toEqual(
      runs.map(() => ({ status: 'succeeded', error: undefined, quarantined: 0 })),
    );

  beforeAll(async () => {
    hub = await startChannelPull(label);
    up = await start();
    for (const i of up.instances) await hub.addInstance(i.id, type, i.config);
  });

  afterAll(async () => {
    await up?.close();
    await hub?.close();
  });

  it('a full pull stores exactly the fixture set as revision 1 and publishes each item once', async () => {
    const runs = await pullAll();
    expectAllSucceeded(runs);
    expect(sum(runs, 'emitted')).toBe(n());
    expect(sum(runs, 'fetched')).toBe(n());

    const rows = await items();
    expect(rows).toHaveLength(n());
    expect(rows.every((r) => r.revision === 1)).toBe(true);
    const stored = new Map(rows.map((r) => [r.id, r]));
    const missing = up.expected.filter((e) => {
      const r = stored.get(appealId(e.channel, e.externalId));
      return !r || r.channel !== e.channel || r.external_id !== e.externalId;
    });
    expect(missing).toEqual([]);

    const { channel, externalId, fields, clearPhone } = up.sample;
    const id = appealId(channel, externalId);
    const item = await payload(id, 1);
    expect(item).toMatchObject({ id, revision: 1, channel, source: { system: type, externalId } });
    for (const [key, value] of Object.entries(fields))
      expect({ [key]: item[key as keyof AppealItemV1] }).toEqual({ [key]: value });
    if (clearPhone) {
      const digits = clearPhone.replace(/\D/g, '');
      expect(JSON.stringify(item)).not.toContain(digits);
      expect(JSON.stringify(item)).not.toContain(digits.slice(-8));
    }

    expect(await hub.outboxRows('appeal.items.v1')).toBe(n());
    expect(await hub.outboxRows('appeal.dlq.v1')).toBe(0);
    expect(await hub.relayAll()).toBe(n());
    expect(await hub.topicRecords('items')).toBe(n());
    expect(await hub.topicRecords('dlq')).toBe(0);
  });

  it('a second pull emits nothing: no new item, no outbox row, no record on the topic', async () => {
    const outboxBefore = await hub.outboxRows();
    const runs = await pullAll();
    expectAllSucceeded(runs);
    expect(runs.map((r) => r.emitted)).toEqual(runs.map(() => 0));
    expect(sum(runs, 'unchanged')).toBe(sum(runs, 'fetched'));
    expect(await items()).toHaveLength(n());
    expect(await hub.outboxRows()).toBe(outboxBefore);
    expect(await hub.relayAll()).toBe(0);
    expect(await hub.topicRecords('items')).toBe(n());
  });

  it('one changed upstream record becomes exactly one revision 2 and one more record on the topic', async () => {
    const outboxBefore = await hub.outboxRows();
    const changed = up.change();
    const id = appealId(changed.channel, changed.externalId);
    const runs = await pullAll();
    expectAllSucceeded(runs);
    expect(sum(runs, 'emitted')).toBe(1);

    const rows = await items();
    expect(rows).toHaveLength(n() + 1);
    expect(rows.filter((r) => r.revision > 1)).toEqual([
      { id, revision: 2, channel: changed.channel, external_id: changed.externalId },
    ]);
    const rev2 = await payload(id, 2);
    expect(rev2).toMatchObject({ id, revision: 2, source: { externalId: changed.externalId } });
    changed.verify(rev2);

    expect(await hub.outboxRows()).toBe(outboxBefore + 1);
    const [row] = await hub.db.query<{ message_key: string; topic: string }>(
      `SELECT message_key, topic FROM outbox ORDER BY id DESC LIMIT 1`,
    );
    expect(row).toEqual({ message_key: id, topic: 'appeal.items.v1' });
    expect(await hub.relayAll()).toBe(1);
    expect(await hub.topicRecords('items')).toBe(n() + 1);
  });
});
