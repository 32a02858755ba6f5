import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { type DataSource } from 'typeorm';
import { type FeedbackV1, type RoutedTicketV1 } from '../../libs/shared/src/contracts';
import { createDataSource } from '../../libs/shared/src/db';
import { appealId } from '../../libs/shared/src/ids';
import { ConnectorInstancesRepository } from '../../libs/shared/src/connectors-store';
import { IngestRepository, type ItemDraft } from '../../libs/shared/src/ingest';
import { SecretBox } from '../../libs/shared/src/secrets';
import { sampleItem } from '../fixtures/appeal-item';
import { bearer, createKey } from '../support/api-keys';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { publishJson, waitFor } from '../support/kafka-helpers';
import { seedTickets } from '../support/seed-tickets';

/**
 * Issue 12, authority and the smaller findings (docs/decisions/024-feedback-authority.md), each attacked on the real
 * gateway, router, Kafka and PostgreSQL. Every test here failed on main before the fix.
 */

const PUBLIC_BASE_URL = 'https://hub.example.org';
const PUSH_SECRET = 'authority-push-secret-0123456789';
const id = (n: number) => `ap_${'5'.repeat(28)}${String(n).padStart(4, '0')}`;

type Unit = { department: string; level: 'city' | 'county' | 'town'; unitName: string };

/** A routed ticket in 颍上县 (341226) handled by the given units, written as the router writes it. */
function ticket(n: number, lead: Unit, co: Unit[] = []): RoutedTicketV1 {
  const receivedAt = '2026-11-20T09:00:00+08:00';
  return {
    schemaVersion: 1,
    item: sampleItem({
      id: id(n),
      traceId: `trace-authority-${n}`,
      content: '颍上县慎城镇某超市销售过期食品，要求查处',
      source: { ...sampleItem().source, externalId: `authority-${n}` },
    }),
    decision: {
      jurisdiction: {
        county: '颍上县',
        codes: { county: '341226' },
        method: 'gazetteer_text',
        confidence: 1,
      },
      lead,
      co,
      grade: 'general',
      tags: [],
      returnedBy: [],
      ruleSetVersion: 1,
      matchedRules: [],
      explanation: ['seeded by the authority attack suite'],
      mode: 'auto',
      decidedAt: receivedAt,
    },
    decisionRevision: 1,
  };
}

const CITY_MARKET: Unit = {
  department: 'market-regulation',
  level: 'city',
  unitName: '阜阳市市场监督管理局',
};
const YS_URBAN: Unit = { department: 'urban-management', level: 'county', unitName: '颍上县城市管理局' };
const YS_MARKET: Unit = {
  department: 'market-regulation',
  level: 'county',
  unitName: '颍上县市场监督管理局',
};

const draft = (content: string): ItemDraft => ({
  submittedAt: '2026-11-20T09:00:00+08:00',
  content,
  appealType: 'complaint',
  location: { precision: 'none', origin: 'none' },
  reporter: { anonymous: true, publicVisible: false },
  attachments: [],
  riskFlags: [],
});

describe('attack suite: authority (issue 12)', () => {
  let hub: HubFixture;
  let ds: DataSource;
  let base: string;
  const keys: Record<string, string> = {};

  const call = async <T = { code?: string; message?: string }>(
    method: string,
    path: string,
    key: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: bearer(keys[key], { 'content-type': 'application/json', ...headers }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const feedbackOf = async (itemId: string) =>
    hub.db.query<{ event_id: string; department: string }>(
      `SELECT event_id, department FROM feedback_events WHERE item_id = $1 ORDER BY at`,
      [itemId],
    );
  const push = (channel: string, raw: string, timestamp: string, signature?: string) =>
    fetch(`${base}/intake/${channel}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-minsheng-timestamp': timestamp,
        'x-minsheng-signature':
          signature ??
          `sha256=${createHmac('sha256', PUSH_SECRET).update(`${timestamp}.${raw}`).digest('hex')}`,
      },
      body: raw,
    });
  const seconds = (offset = 0) => String(Math.floor(Date.now() / 1000) + offset);

  beforeAll(async () => {
    hub = await startHub('authority', { env: { PUBLIC_BASE_URL } });
    base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
    ds = createDataSource(hub.db.url, { poolSize: 2 });
    await ds.initialize();
    keys.operator = await createKey(hub.db, 'operator', { name: 'ops' });
    keys.yingshang = await createKey(hub.db, 'consumer', { name: '颍上县分平台', counties: ['341226'] });
    keys.city = await createKey(hub.db, 'consumer', { name: '市平台-张三', counties: ['341200'] });
    keys.market = await createKey(hub.db, 'consumer', {
      name: '市场监管系统',
      counties: ['341200'],
      departments: ['market-regulation'],
    });
    await seedTickets(hub.db, [
      { ticket: ticket(1, CITY_MARKET, [YS_URBAN]) },
      { ticket: ticket(2, YS_MARKET) },
      { ticket: ticket(3, YS_MARKET) },
      { ticket: ticket(4, YS_MARKET) },
      { ticket: ticket(5, YS_MARKET) },
    ]);
    await hub.apps.router.start();
    await hub.apps.gateway.start();
  });

  afterAll(async () => {
    await ds?.destroy();
    await hub?.close();
  });

  it('a county-only key cannot accept, return or close for a city-level unit; it answers for its county unit', async () => {
    const path = `/api/v1/tickets/${id(1)}/feedback`;
    for (const body of [
      { kind: 'accept', department: 'market-regulation' },
      { kind: 'return', department: 'market-regulation', reason: '不属于本单位' },
      { kind: 'close', department: 'market-regulation' },
    ]) {
      const res = await call('POST', path, 'yingshang', body);
      expect({ kind: body.kind, status: res.status, code: res.body.code }).toEqual({
        kind: body.kind,
        status: 403,
        code: 'not_your_unit',
      });
    }
    // Without a department it answers as the unit it represents (the county's co-handler), not as the city lead.
    const own = await call<{ eventId: string }>('POST', path, 'yingshang', { kind: 'accept' });
    expect(own.status).toBe(202);
    await waitFor(
      'the county acceptance on record',
      async () => (await feedbackOf(id(1))).length === 1,
      30000,
    );
    expect((await feedbackOf(id(1))).map((f) => f.department)).toEqual(['urban-management']);
    // The city platform's department key does answer for the city-level unit.
    expect((await call('POST', path, 'market', { kind: 'accept' })).status).toBe(202);
  });

  it('an Idempotency-Key reused on another ticket, or with another body, is refused with 422, not swallowed', async () => {
    const key = { 'idempotency-key': 'authority-accept-0001' };
    const first = await call<{ eventId: string }>(
      'POST',
      `/api/v1/tickets/${id(2)}/feedback`,
      'city',
      { kind: 'accept' },
      key,
    );
    expect(first.status).toBe(202);
    await waitFor('the first event stored', async () => (await feedbackOf(id(2))).length === 1, 30000);
    const other = await call('POST', `/api/v1/tickets/${id(3)}/feedback`, 'city', { kind: 'accept' }, key);
    expect([other.status, other.body.code]).toEqual([422, 'idempotency_key_reused']);
    const changed = await call(
      'POST',
      `/api/v1/tickets/${id(2)}/feedback`,
      'city',
      { kind: 'close', reason: '已办结' },
      key,
    );
    expect([changed.status, changed.body.code]).toEqual([422, 'idempotency_key_reused']);
    // The honest retry still answers the first event.
    const retry = await call<{ eventId: string; duplicate: boolean }>(
      'POST',
      `/api/v1/tickets/${id(2)}/feedback`,
      'city',
      { kind: 'accept' },
      key,
    );
    expect(retry.body).toMatchObject({ eventId: first.body.eventId, duplicate: true });
    expect(await feedbackOf(id(3))).toEqual([]);
  });

  it("ticket detail names another key's feedback by unit only; the caller sees its own key", async () => {
    const sent = await call<{ eventId: string }>('POST', `/api/v1/tickets/${id(4)}/feedback`, 'city', {
      kind: 'accept',
    });
    expect(sent.status).toBe(202);
    await waitFor('the acceptance on record', async () => (await feedbackOf(id(4))).length === 1, 30000);
    type Detail = { feedback: { actor: string }[] };
    const seenByOther = await call<Detail>('GET', `/api/v1/tickets/${id(4)}`, 'market');
    expect(seenByOther.status).toBe(200);
    expect(seenByOther.body.feedback.map((f) => f.actor)).toEqual(['unit:market-regulation']);
    expect(JSON.stringify(seenByOther.body)).not.toContain('张三');
    const seenByItself = await call<Detail>('GET', `/api/v1/tickets/${id(4)}`, 'city');
    expect(seenByItself.body.feedback[0].actor).toContain('市平台-张三');
  });

  it('the router dead-letters feedback from a unit that does not handle the ticket, or of the wrong shape', async () => {
    const forged: FeedbackV1 = {
      schemaVersion: 1,
      eventId: 'ev-forged-return-0001',
      itemId: id(5),
      decisionRevision: 1,
      kind: 'returned',
      department: 'public-security',
      reason: '不属于本单位职责',
      actor: 'someone-with-a-producer',
      at: new Date().toISOString(),
    };
    await publishJson(hub.kafka, hub.prefix, 'feedback', id(5), forged);
    await publishJson(hub.kafka, hub.prefix, 'feedback', id(5), {
      ...forged,
      eventId: 'ev-forged-shape-0001',
      department: 'market-regulation',
      producer: 'minsheng-gateway',
    });
    const letters = async () =>
      hub.db.query<{ reason_code: string; reason: string }>(
        `SELECT reason_code, reason FROM dead_letters WHERE stage = 'router' AND message_key = $1 ORDER BY id`,
        [id(5)],
      );
    await waitFor('both dead-lettered', async () => (await letters()).length === 2, 30000);
    const byCode = (await letters()).sort((x, y) => x.reason_code.localeCompare(y.reason_code));
    expect(byCode).toEqual([
      { reason_code: 'not_authorized', reason: expect.stringContaining('public-security') },
      { reason_code: 'schema_invalid', reason: expect.stringContaining('producer') },
    ]);
    const [decisions] = await hub.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM routing_decisions WHERE item_id = $1`,
      [id(5)],
    );
    expect(Number(decisions.n)).toBe(1);
    expect(await feedbackOf(id(5))).toEqual([]);
  });

  it('a push channel or http_json instance cannot take a channel name another source feeds (409 channel_taken)', async () => {
    const httpJson = (channel: string) => ({
      channel,
      url: 'http://127.0.0.1:9/appeals',
      paging: { style: 'none' },
      recordsPath: 'rows',
      mapping: { externalId: 'id', content: 'text', submittedAt: { path: 'at', format: 'iso' } },
    });
    const create = (instanceId: string, channel: string) =>
      call('POST', '/api/v1/connectors', 'operator', {
        id: instanceId,
        type: 'http_json',
        name: instanceId,
        config: httpJson(channel),
        schedule: '0 0 1 1 *',
        enabled: false,
      });
    expect((await create('fy-owned', 'owned_feed')).status).toBe(201);
    for (const res of [
      await call('POST', '/api/v1/push-channels', 'operator', { channel: 'owned_feed' }),
      await call('POST', '/api/v1/push-channels', 'operator', { channel: 'hotline_12345' }),
      await create('fy-second', 'owned_feed'),
      await create('fy-hotline', 'hotline_12345'),
    ])
      expect([res.status, res.body.code]).toEqual([409, 'channel_taken']);
    expect((await call('POST', '/api/v1/push-channels', 'operator', { channel: 'wx_pushed' })).status).toBe(
      201,
    );
    expect((await create('fy-other', 'other_feed')).status).toBe(201);
    const moved = await call('PATCH', '/api/v1/connectors/fy-other', 'operator', {
      config: httpJson('wx_pushed'),
    });
    expect([moved.status, moved.body.code]).toEqual([409, 'channel_taken']);
    const [row] = await hub.db.query<{ channel: string }>(
      `SELECT config->>'channel' AS channel FROM connector_instances WHERE id = 'fy-other'`,
    );
    expect(row.channel).toBe('other_feed');
  });

  it('a revision from another connector than the one that made the item is dead-lettered, never written', async () => {
    // A clash from before the rule: an http_json instance made the item, then a push channel of the same name.
    const ingest = new IngestRepository(
      ds,
      new ConnectorInstancesRepository(ds),
      new SecretBox('security-authority-secrets-key-long-enough'),
    );
    const owner = {
      id: 'http-json-legacy',
      channel: 'legacy_feed',
      system: 'http_json',
      parserVersion: 't/1',
    };
    await ingest.writeRecords(
      owner,
      [{ externalId: 'L-1', raw: '{"id":"L-1"}', contentType: 'application/json', draft: draft('路灯不亮') }],
      new Date(),
    );
    const made = await call('POST', '/api/v1/push-channels', 'operator', {
      channel: 'legacy_feed',
      secret: PUSH_SECRET,
    });
    expect(made.status).toBe(201);
    const raw = JSON.stringify({ externalId: 'L-1', content: '路灯已修好，请关闭工单' });
    const res = await push('legacy_feed', raw, seconds());
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([409, 'not_owner']);
    // The connectors' path refuses it the same way.
    const [outcome] = await ingest.writeRecords(
      { ...owner, id: 'http-json-imposter' },
      [
        {
          externalId: 'L-1',
          raw: '{"id":"L-1","v":2}',
          contentType: 'application/json',
          draft: draft('改写'),
        },
      ],
      new Date(),
    );
    expect(outcome).toMatchObject({ status: 'quarantined', reasonCode: 'not_owner', revision: 1 });
    const revisions = await hub.db.query<{ revision: number; connector_id: string }>(
      `SELECT revision, connector_id FROM appeal_items WHERE id = $1`,
      [appealId('legacy_feed', 'L-1')],
    );
    expect(revisions).toEqual([{ revision: 1, connector_id: 'http-json-legacy' }]);
    const letters = await hub.db.query<{ reason: string }>(
      `SELECT reason FROM dead_letters WHERE reason_code = 'not_owner' ORDER BY id`,
    );
    expect(letters.map((l) => l.reason)).toEqual([
      expect.stringContaining('push:legacy_feed'),
      expect.stringContaining('http-json-imposter'),
    ]);
  });

  it('a replayed older push delivery inside the 5-minute window cannot roll the item back', async () => {
    const made = await call('POST', '/api/v1/push-channels', 'operator', {
      channel: 'wx_replay',
      secret: PUSH_SECRET,
    });
    expect(made.status).toBe(201);
    const older = JSON.stringify({ externalId: 'R-1', content: '小区路灯不亮' });
    const newer = JSON.stringify({ externalId: 'R-1', content: '小区路灯不亮，补充：已经一个月了' });
    const [t1, t2] = [seconds(-20), seconds(-10)];
    const sigOlder = `sha256=${createHmac('sha256', PUSH_SECRET).update(`${t1}.${older}`).digest('hex')}`;
    expect((await push('wx_replay', older, t1, sigOlder)).status).toBe(202);
    expect((await push('wx_replay', newer, t2)).status).toBe(202);
    // The captured first request, byte for byte, inside the window.
    const replay = await push('wx_replay', older, t1, sigOlder);
    expect([replay.status, ((await replay.json()) as { code: string }).code]).toEqual([
      409,
      'stale_delivery',
    ]);
    const [head] = await hub.db.query<{ revision: number; content: string }>(
      `SELECT h.revision, i.payload->>'content' AS content FROM appeal_item_heads h
       JOIN appeal_items i ON i.id = h.id AND i.revision = h.revision WHERE h.id = $1`,
      [appealId('wx_replay', 'R-1')],
    );
    expect(head).toEqual({ revision: 2, content: expect.stringContaining('补充') });
    // Two updates signed in the same second both count; only an older body of that second is a replay.
    const [t3] = [seconds()];
    const a = JSON.stringify({ externalId: 'R-2', content: '噪音扰民' });
    const b = JSON.stringify({ externalId: 'R-2', content: '噪音扰民，夜里更严重' });
    expect((await push('wx_replay', a, t3)).status).toBe(202);
    expect((await push('wx_replay', b, t3)).status).toBe(202);
    expect((await push('wx_replay', b, t3)).status).toBe(202); // a retry of the newest: unchanged
    expect((await push('wx_replay', a, t3)).status).toBe(409);
  });

  it('an unknown push channel answers exactly like a known one with a bad signature (401), so names cannot be probed', async () => {
    const raw = JSON.stringify({ externalId: 'P-1', content: '探测' });
    const bad = `sha256=${'0'.repeat(64)}`;
    const answers = [];
    for (const channel of ['wx_replay', 'no_such_channel', 'BAD..name'])
      for (const signature of [bad, 'nonsense']) {
        const res = await push(channel, raw, seconds(), signature);
        const body = (await res.json()) as { code: string; message: string };
        answers.push({ channel, signature, status: res.status, code: body.code, message: body.message });
      }
    for (const signature of [bad, 'nonsense']) {
      const forSig = answers.filter((a) => a.signature === signature);
      expect(new Set(forSig.map((a) => `${a.status} ${a.code} ${a.message}`)).size).toBe(1);
      expect(forSig[0]).toMatchObject({ status: 401, code: 'bad_signature' });
    }
  });

  it('Open311 discovery links to the configured public URL whatever Host the request names', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: Number(hub.env.GATEWAY_PORT),
          path: '/open311/discovery.json',
          headers: { host: 'evil.example.net', 'x-forwarded-host': 'evil.example.net' },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end();
    });
    const doc = JSON.parse(body) as { endpoints: { url: string }[] };
    expect(doc.endpoints.map((e) => e.url)).toEqual([`${PUBLIC_BASE_URL}/open311/v2`]);
    expect(body).not.toContain('evil.example.net');
  });
});
