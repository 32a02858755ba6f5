import { createHash } from 'node:crypto';
import { type AppealItemV1, type RoutedTicketV1 } from '../../libs/shared/src/contracts';
import { type SimulationReport } from '../../apps/gateway/src/rules-admin/simulation.service';
import { sampleItem } from '../fixtures/appeal-item';
import { bearer, createKey } from '../support/api-keys';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { Collector, publishJson, waitFor } from '../support/kafka-helpers';

interface Rule {
  id: string;
  then: { lead?: { department: string }; grade?: string };
  [k: string]: unknown;
}
/** The fields of the gateway's answers this spec reads; toEqual/toMatchObject check the rest. */
interface Reply {
  code?: string;
  version?: number;
  status?: string;
  errors?: { ruleId: string | null; field: string; code: string; message: string }[];
  document?: { rules: Rule[] };
  before?: unknown;
  after?: unknown;
  days?: unknown[];
}
interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  before: unknown;
  after: unknown;
}

const place = {
  addressText: '阜阳市颍州区文峰街道',
  precision: 'address' as const,
  origin: 'citizen' as const,
};
const id = (n: number) => `ap_${n.toString(16).padStart(32, '0')}`;

/** The rules admin API against real PostgreSQL, Kafka and a running router: author, simulate, publish, roll back. */
describe('rules admin API', () => {
  let hub: HubFixture;
  let base: string;
  let admin: string;
  let actor: string;
  let collector: Collector;

  const call = async <T = Reply>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: bearer(admin, { 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  const auditSince = async (id0: number) =>
    hub.db.query<AuditEntry>(
      `SELECT actor, action, entity, entity_id, before, after FROM audit_log WHERE id > $1 ORDER BY id`,
      [id0],
    );
  const lastAuditId = async () =>
    Number((await hub.db.query<{ m: string }>(`SELECT COALESCE(max(id), 0) AS m FROM audit_log`))[0].m);
  const tickets = (itemId: string) =>
    collector.messages.filter((m) => m.key === itemId).map((m) => JSON.parse(m.value) as RoutedTicketV1);
  async function send(item: AppealItemV1): Promise<RoutedTicketV1> {
    await publishJson(hub.kafka, hub.prefix, 'items', item.id, item);
    await waitFor(`the ticket of ${item.id}`, () => tickets(item.id).length === 1, 60000);
    return tickets(item.id)[0];
  }
  /** Runs `action`, then waits for a router log line it caused (lines logged before it do not count). */
  async function routerLogsAfter(action: () => Promise<unknown>, what: string, version?: number) {
    const since = hub.apps.router.lines.length;
    await action();
    await waitFor(
      `the router: ${what}`,
      () =>
        hub.apps.router.lines
          .slice(since)
          .some(
            (l) => l.includes(what) && (version === undefined || l.includes(`"ruleSetVersion":${version}`)),
          ),
      30000,
    );
  }

  /**
   * The router's reload of the reference data as it stands after `action`: an earlier change (the test before edits
   * departments) may be reloaded while the action runs, and that line alone says nothing about this one.
   */
  async function routerReloadsReferenceAfter(action: () => Promise<unknown>) {
    const since = hub.apps.router.lines.length;
    await action();
    const [{ version }] = await hub.db.query<{ version: string }>(
      `SELECT version FROM reference_data_version WHERE id = 1`,
    );
    await waitFor(
      `the router: reference data ${version} reloaded`,
      () =>
        hub.apps.router.lines.slice(since).some((l) => {
          if (!l.includes('reference data reloaded')) return false;
          return Number((JSON.parse(l) as { referenceVersion?: string }).referenceVersion) >= Number(version);
        }),
      30000,
    );
  }

  async function store(item: AppealItemV1): Promise<void> {
    await hub.db.query(
      `INSERT INTO appeal_items (id, revision, channel, external_id, connector_id, content_sha256, payload, received_at)
       VALUES ($1, $2, $3, $4, 'manual', $5, $6, $7)`,
      [
        item.id,
        item.revision,
        item.channel,
        item.source.externalId,
        createHash('sha256').update(item.content).digest('hex'),
        JSON.stringify(item),
        item.receivedAt,
      ],
    );
  }

  beforeAll(async () => {
    hub = await startHub('rulesadmin');
    base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
    admin = await createKey(hub.db, 'admin', { name: '规则管理员' });
    const [{ id: keyId }] = await hub.db.query<{ id: string }>(
      `SELECT id FROM api_keys WHERE role = 'admin'`,
    );
    actor = `key:${keyId}:规则管理员`;
    collector = new Collector(hub.kafka, hub.prefix, ['routed', 'triage']);
    await collector.start();
    await Promise.all([hub.apps.gateway.start(), hub.apps.router.start()]);
  });

  afterAll(async () => {
    await collector?.stop();
    await hub?.close();
  });

  it('validates a document with errors per rule and field, storing and auditing nothing', async () => {
    const before = await lastAuditId();
    const document = {
      rules: [
        {
          id: 'bad-department',
          name: '未知部门',
          priority: 1,
          enabled: true,
          when: { keywords: { any: ['路灯'] } },
          then: { lead: { department: 'no-such-department' } },
        },
        {
          id: 'slow-regex',
          name: '过长正则',
          priority: 2,
          enabled: true,
          when: { regex: 'a'.repeat(501) },
          then: { grade: 'simple' },
        },
        {
          id: 'no-name',
          priority: 3,
          enabled: true,
          when: { channel: ['hotline_12345'] },
          then: { stop: true },
        },
      ],
    };
    const res = await call<Reply & { ok: boolean }>('POST', '/api/v1/rule-sets/validate', document);
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ruleId: 'bad-department',
          field: 'rules[0].then.lead.department',
          code: 'unknown_department',
        }),
        expect.objectContaining({ ruleId: 'slow-regex', field: 'rules[1].when.regex', code: 'unsafe_regex' }),
        expect.objectContaining({ ruleId: 'no-name', field: 'rules[2].name' }),
      ]),
    );
    expect(res.body.errors?.every((e) => e.message.length > 0)).toBe(true);

    const created = await call('POST', '/api/v1/rule-sets', { document });
    expect(created.status).toBe(422);
    expect(created.body.code).toBe('invalid_rule_set');
    expect(created.body.errors).toHaveLength(res.body.errors?.length ?? -1);
    expect(
      (await call<{ version: number }[]>('GET', '/api/v1/rule-sets')).body.map((v) => v.version),
    ).toEqual([2, 1]);
    expect(await auditSince(before)).toEqual([]);
  });

  describe('simulation on a seeded history', () => {
    let changedDraft: number;
    const fund = [id(0xa1), id(0xa2)];
    const legal = id(0xb1);
    const lights = [id(0xc1), id(0xc2)];
    const revised = id(0xd1);

    beforeAll(async () => {
      const at = (minute: number) => `2026-11-20T10:${String(minute).padStart(2, '0')}:00+08:00`;
      const item = (itemId: string, minute: number, content: string, revision = 1) =>
        sampleItem({ id: itemId, revision, content, location: place, receivedAt: at(minute) });
      await store(item(fund[0], 1, '单位一直不给我们缴住房公积金，想问怎么办'));
      await store(item(fund[1], 2, '提取公积金的手续太复杂，跑了三趟还没办好'));
      await store(item(legal, 3, '想申请法律援助，家里困难请不起律师'));
      await store(item(lights[0], 4, '文峰路上的路灯坏了一个星期了'));
      await store(item(lights[1], 5, '小区门口那段路的路灯晚上不亮'));
      // Revision 1 is about the provident fund, the latest revision is not: only the latest counts.
      await store(item(revised, 6, '公积金贷款审批太慢'));
      await store(item(revised, 7, '清河路的路灯一直闪', 2));

      const copy = await call('POST', '/api/v1/rule-sets', { copyFrom: 2, note: '公积金交人社，法援改简易' });
      expect(copy.status).toBe(201);
      changedDraft = copy.body.version ?? -1;
      const { body: draft } = await call('GET', `/api/v1/rule-sets/${changedDraft}`);
      expect(draft.status).toBe('draft');
      const rules = (draft.document?.rules ?? []).map((r) =>
        r.id === 'provident-fund'
          ? { ...r, then: { ...r.then, lead: { department: 'human-resources-social-security' } } }
          : r.id === 'legal-aid'
            ? { ...r, then: { ...r.then, grade: 'simple' } }
            : r,
      );
      const updated = await call('PUT', `/api/v1/rule-sets/${changedDraft}`, { document: { rules } });
      expect(updated.status).toBe(200);
    });

    it('counts exactly the items whose department or grade the draft changes, with examples', async () => {
      const res = await call<SimulationReport>('POST', `/api/v1/rule-sets/${changedDraft}/simulate`, {
        last: 1000,
      });
      expect(res.status).toBe(200);
      const r = res.body;
      expect(r.version).toBe(changedDraft);
      expect(r.against).toBe(2);
      expect(r.totals).toEqual({ items: 6, changed: 3, unchanged: 3, failed: 0 });
      expect(r.changes).toEqual({
        jurisdiction: 0,
        county: 0,
        town: 0,
        department: 2,
        grade: 1,
        mode: 0,
        autoToTriage: 0,
        triageToAuto: 0,
      });
      expect(r.departmentMoves).toEqual([
        { from: 'housing-provident-fund', to: 'human-resources-social-security', items: 2 },
      ]);
      // Newest first.
      expect(r.examples.department.map((e) => e.itemId)).toEqual([fund[1], fund[0]]);
      expect(r.examples.department[0]).toMatchObject({
        before: { department: 'housing-provident-fund', mode: 'auto' },
        after: {
          department: 'human-resources-social-security',
          mode: 'auto',
          unitName: '颍州区人力资源和社会保障局',
        },
      });
      expect(r.examples.grade).toEqual([
        expect.objectContaining({
          itemId: legal,
          before: expect.objectContaining({ grade: 'general', department: 'justice' }),
          after: expect.objectContaining({ grade: 'simple', department: 'justice' }),
        }),
      ]);
      expect(r.examples.jurisdiction).toEqual([]);
      expect(r.examples.mode).toEqual([]);
    });

    it('takes the last N items or a received_at window', async () => {
      const last2 = await call<SimulationReport>('POST', `/api/v1/rule-sets/${changedDraft}/simulate`, {
        last: 2,
        examples: 0,
      });
      expect(last2.body.totals).toEqual({ items: 2, changed: 0, unchanged: 2, failed: 0 });
      const window = await call<SimulationReport>('POST', `/api/v1/rule-sets/${changedDraft}/simulate`, {
        from: '2026-11-20T10:02:00+08:00',
        to: '2026-11-20T10:04:00+08:00',
      });
      expect(window.body.totals).toEqual({ items: 2, changed: 2, unchanged: 0, failed: 0 });
      expect(window.body.sample).toEqual({
        from: '2026-11-20T10:02:00+08:00',
        to: '2026-11-20T10:04:00+08:00',
        truncated: false,
      });
      const bad = await call('POST', `/api/v1/rule-sets/${changedDraft}/simulate`, { last: 1_000_000 });
      expect(bad.status).toBe(400);
    });

    it('finds no difference for an unchanged copy of the published version', async () => {
      const copy = await call('POST', '/api/v1/rule-sets', { copyFrom: 2 });
      const res = await call<SimulationReport>('POST', `/api/v1/rule-sets/${copy.body.version}/simulate`, {});
      expect(res.body.totals).toEqual({ items: 6, changed: 0, unchanged: 6, failed: 0 });
      expect(Object.values(res.body.changes)).toEqual(Array(8).fill(0));
      expect(res.body.departmentMoves).toEqual([]);
    });

    it('publishing changes live routing, rolling back restores it, and both are audited', async () => {
      const before = await lastAuditId();
      await routerLogsAfter(
        async () => {
          const published = await call('POST', `/api/v1/rule-sets/${changedDraft}/publish`);
          expect(published.status).toBe(200);
          expect(published.body).toMatchObject({ version: changedDraft, status: 'published' });
        },
        'published rule set loaded',
        changedDraft,
      );
      const after = await send(
        sampleItem({ id: id(0xe1), content: '公司三年没给员工交公积金', location: place }),
      );
      expect(after.decision).toMatchObject({
        ruleSetVersion: changedDraft,
        lead: { department: 'human-resources-social-security' },
      });

      expect((await call('POST', `/api/v1/rule-sets/${changedDraft}/publish`)).body.code).toBe('not_a_draft');
      await routerLogsAfter(
        async () => expect((await call('POST', '/api/v1/rule-sets/2/rollback')).status).toBe(200),
        'published rule set loaded',
        2,
      );
      const restored = await send(
        sampleItem({ id: id(0xe2), content: '离职以后公积金怎么转到外地去', location: place }),
      );
      expect(restored.decision).toMatchObject({
        ruleSetVersion: 2,
        lead: { department: 'housing-provident-fund' },
      });

      expect(await auditSince(before)).toEqual([
        {
          actor,
          action: 'rule_set.publish',
          entity: 'rule_set',
          entity_id: String(changedDraft),
          before: { published: 2, status: 'draft' },
          after: { published: changedDraft, status: 'published' },
        },
        {
          actor,
          action: 'rule_set.rollback',
          entity: 'rule_set',
          entity_id: '2',
          before: { published: changedDraft, status: 'archived' },
          after: { published: 2, status: 'published' },
        },
      ]);
      const trail = await call<{ action: string }[]>(
        'GET',
        `/api/v1/rule-sets/audit?version=${changedDraft}`,
      );
      expect(trail.body.map((e) => e.action)).toEqual([
        'rule_set.publish',
        'rule_set.update_draft',
        'rule_set.draft',
      ]);
    });
  });

  it('refuses to publish a draft that no longer validates, with a code and its errors', async () => {
    const department = {
      name: '测试临时部门',
      kind: 'government',
      levels: ['city', 'county'],
      scope: 'e2e',
    };
    expect((await call('PUT', '/api/v1/reference/departments/temp-dept', department)).status).toBe(200);
    const draft = await call('POST', '/api/v1/rule-sets', {
      document: {
        rules: [
          {
            id: 'temp-rule',
            name: '临时',
            priority: 1,
            enabled: true,
            when: { keywords: { any: ['临时测试'] } },
            then: { lead: { department: 'temp-dept' } },
          },
        ],
      },
    });
    expect(draft.status).toBe(201);
    expect((await call('DELETE', '/api/v1/reference/departments/temp-dept')).status).toBe(200);
    const res = await call('POST', `/api/v1/rule-sets/${draft.body.version}/publish`);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('invalid_rule_set');
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        ruleId: 'temp-rule',
        field: 'rules[0].then.lead.department',
        code: 'unknown_department',
      }),
    ]);
    const history = (await call('GET', '/api/v1/rule-sets')).body as { version: number; status: string }[];
    expect(history.find((v) => v.status === 'published')?.version).toBe(2);
    expect((await call('POST', `/api/v1/rule-sets/${draft.body.version}/rollback`)).body.code).toBe(
      'not_archived',
    );
    // The published rule set names urban-management: deleting it would break every router.
    const inUse = await call('DELETE', '/api/v1/reference/departments/urban-management');
    expect(inUse).toMatchObject({ status: 409, body: { code: 'in_use' } });
  });

  it('an alias added through the API changes how a later item is routed', async () => {
    const text = (n: number) =>
      n === 1 ? '鸿运嘉苑小区门口的路灯坏了好几天' : '鸿运嘉苑北门外面那排路灯晚上全黑';
    const unknown = await send(sampleItem({ id: id(0xf1), content: text(1) }));
    expect(unknown.decision).toMatchObject({ mode: 'triage', reason: 'no_jurisdiction' });

    const before = await lastAuditId();
    await routerReloadsReferenceAfter(async () => {
      const res = await call('PUT', `/api/v1/reference/aliases/${encodeURIComponent('鸿运嘉苑')}`, {
        code: '341202002',
        note: '新建小区，属文峰街道',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ before: null, after: { alias: '鸿运嘉苑', code: '341202002' } });
    });
    const known = await send(sampleItem({ id: id(0xf2), content: text(2) }));
    expect(known.decision).toMatchObject({
      mode: 'auto',
      jurisdiction: { codes: { county: '341202', town: '341202002' } },
      lead: { department: 'urban-management' },
    });
    expect(await auditSince(before)).toEqual([
      expect.objectContaining({
        actor,
        action: 'jurisdiction_alias.create',
        entity: 'jurisdiction_alias',
        entity_id: '鸿运嘉苑',
        before: null,
        after: expect.objectContaining({ alias: '鸿运嘉苑', code: '341202002', division: '文峰街道' }),
      }),
    ]);
  });

  it('writes one audit entry with actor, before and after for every reference change, and refuses unknown codes', async () => {
    const before = await lastAuditId();
    const ok = async <T = Reply>(method: string, path: string, body?: unknown) => {
      const res = await call<T>(method, path, body);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      return res.body;
    };
    const alias = `/api/v1/reference/aliases/${encodeURIComponent('鸿运嘉苑')}`;
    await ok('PUT', alias, { code: '341202003' });
    await ok('DELETE', alias);
    const hint = `/api/v1/reference/channel-hints/people_board/board/${encodeURIComponent('fid-9999')}`;
    await ok('PUT', hint, { code: '341202' });
    await ok('PUT', hint, { code: '341203' });
    await ok('DELETE', hint);
    await ok('PUT', '/api/v1/reference/units/urban-management/341202', {
      unitName: '颍州区城市管理行政执法局',
    });
    await ok('DELETE', '/api/v1/reference/units/urban-management/341202');
    const dept = await ok<{ code: string; scope: string }[]>('GET', '/api/v1/reference/departments');
    const education = dept.find((d) => d.code === 'education')!;
    await ok('PUT', '/api/v1/reference/departments/education', {
      ...education,
      code: undefined,
      scope: 'e2e',
    });
    await ok('PUT', '/api/v1/reference/calendar/2027', {
      source: '国务院办公厅 2027 通知 (e2e)',
      days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }],
    });
    expect((await ok('GET', '/api/v1/reference/calendar/2027')).days).toEqual([
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    ]);

    const log = await auditSince(before);
    expect(log.map((l) => [l.actor, l.action, l.entity_id])).toEqual([
      [actor, 'jurisdiction_alias.update', '鸿运嘉苑'],
      [actor, 'jurisdiction_alias.delete', '鸿运嘉苑'],
      [actor, 'channel_hint.create', 'people_board/board/fid-9999'],
      [actor, 'channel_hint.update', 'people_board/board/fid-9999'],
      [actor, 'channel_hint.delete', 'people_board/board/fid-9999'],
      [actor, 'unit.create', 'urban-management@341202'],
      [actor, 'unit.delete', 'urban-management@341202'],
      [actor, 'department.update', 'education'],
      [actor, 'calendar.put_year', '2027'],
    ]);
    expect(log[0]).toMatchObject({ before: { code: '341202002' }, after: { code: '341202003' } });
    expect(log[1]).toMatchObject({ before: { code: '341202003' }, after: null });
    expect(log[3]).toMatchObject({ before: { code: '341202' }, after: { code: '341203' } });
    expect(log[7]).toMatchObject({ before: { scope: education.scope }, after: { scope: 'e2e' } });
    const trail = await call<{ action: string }[]>('GET', '/api/v1/reference/audit?entity=channel_hint');
    expect(trail.body.map((e) => e.action)).toEqual([
      'channel_hint.delete',
      'channel_hint.update',
      'channel_hint.create',
    ]);

    const refusals = [
      await call('PUT', alias, { code: '999999' }),
      await call('PUT', hint, { code: '341299999' }),
      await call('PUT', '/api/v1/reference/units/no-such-dept/341202', { unitName: '某某局' }),
      await call('PUT', '/api/v1/reference/units/urban-management/341299', { unitName: '某某局' }),
      await call('PUT', '/api/v1/reference/channel-hints/people_board/street/x', { code: '341202' }),
      await call('PUT', '/api/v1/reference/calendar/2028', {
        source: 'x',
        days: [{ date: '2027-05-01', kind: 'holiday' }],
      }),
    ];
    expect(refusals.map((r) => [r.status, r.body.code])).toEqual([
      [400, 'unknown_division'],
      [400, 'unknown_division'],
      [400, 'unknown_department'],
      [400, 'unknown_division'],
      [400, 'invalid_request'],
      [400, 'invalid_calendar'],
    ]);
    expect((await call('DELETE', alias)).status).toBe(404);
    expect(await auditSince(before).then((l) => l.length)).toBe(9);
  });
});
