import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextModel, type TextModelDocument } from '../../libs/learning/src';
import { routeItem, seedRoutingContext } from '../../libs/routing/src';
import { type AppealItemV1, type RoutedTicketV1, topicName } from '../../libs/shared/src/contracts';
import { sampleItem } from '../fixtures/appeal-item';
import { bearer, createKey } from '../support/api-keys';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { Collector, waitFor } from '../support/kafka-helpers';
import { REPO } from '../support/paths';

interface CorpusLine {
  id: string;
  title?: string;
  content: string;
  expected: { department?: string };
  split: 'train' | 'test';
}
interface ModelView {
  version: string;
  status: string;
  examples: number;
  returnedExamples: number;
  perDepartment: Record<string, number>;
  thresholds: {
    model: number;
    override: number | null;
    effective: number;
    perDepartment: Record<string, number>;
  };
  crossValidation: { precision: number; recall: number } | null;
  trainingWindow: { from: string; to: string } | null;
}

const CORPUS = readFileSync(join(REPO, 'test/corpus/appeals-extended.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as CorpusLine);
const ADDRESS = '阜阳市颍州区文峰街道';
const hexId = (prefix: string, n: number) =>
  `ap_${createHash('sha256').update(`${prefix}:${n}`).digest('hex').slice(0, 32)}`;

function itemOf(id: string, line: Pick<CorpusLine, 'title' | 'content'>, at: string): AppealItemV1 {
  return sampleItem({
    id,
    traceId: `trace-${id.slice(3, 15)}`,
    title: line.title,
    content: line.content,
    receivedAt: at,
    submittedAt: at,
    source: { ...sampleItem().source, externalId: id, fetchedAt: at },
    location: { addressText: ADDRESS, precision: 'address', origin: 'citizen' },
  });
}

/**
 * Learned routing on the real gateway, router, Kafka and PostgreSQL (docs/decisions/018-learned-routing.md): decided
 * tickets — accepted through the feedback topic, or returned (退单) — become training data; a retrain stores a
 * version; published, it routes what no rule decides above its threshold and suggests below it; rollback brings the
 * previous model back, and every decision names the model version.
 */
describe('learned routing: train, publish, route, roll back', () => {
  let hub: HubFixture;
  let base: string;
  let collector: Collector;
  let admin: string;
  const deptKeys = new Map<string, string>();
  const history = CORPUS.filter((l) => l.split === 'train' && l.expected.department);
  const now = Date.now();
  const ctx = seedRoutingContext();
  let v1: ModelView;

  const call = async <T>(method: string, path: string, key: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...bearer(key), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  const latestTicket = async (id: string) =>
    (
      await hub.db.query<{ ticket: RoutedTicketV1; model_version: string | null }>(
        `SELECT ticket, model_version FROM routing_decisions WHERE item_id = $1 ORDER BY decision_revision DESC LIMIT 1`,
        [id],
      )
    )[0];
  const keyFor = async (department: string) => {
    if (!deptKeys.has(department))
      deptKeys.set(
        department,
        await createKey(hub.db, 'consumer', {
          name: `dept-${department}`,
          counties: ['341200'],
          departments: [department],
        }),
      );
    return deptKeys.get(department)!;
  };
  let sent = 0;
  /** Sends items through the router as a channel would, and waits for each item's first decision. */
  const route = async (lines: Pick<CorpusLine, 'title' | 'content'>[], label: string) => {
    const items = lines.map((l) => itemOf(hexId(label, sent++), l, new Date().toISOString()));
    for (const item of items)
      await hub.db.query(
        `INSERT INTO appeal_items (id, revision, channel, external_id, connector_id, content_sha256, payload, received_at)
         VALUES ($1, 1, $2, $3, 'manual', $4, $5, $6)`,
        [
          item.id,
          item.channel,
          item.source.externalId,
          createHash('sha256').update(item.content).digest('hex'),
          JSON.stringify(item),
          item.receivedAt,
        ],
      );
    const producer = hub.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: topicName('items', hub.prefix),
      messages: items.map((i) => ({ key: i.id, value: JSON.stringify(i) })),
    });
    await producer.disconnect();
    const ids = new Set(items.map((i) => i.id));
    await waitFor(
      `${label} decided`,
      () => collector.messages.filter((m) => ids.has(m.key)).length >= ids.size,
      60000,
    );
    return Promise.all(items.map(async (i) => (await latestTicket(i.id)).ticket));
  };
  /** Feedback through the gateway (→ appeal.feedback.v1 → router → feedback_events), as the department. */
  const feedback = async (ticket: RoutedTicketV1, kind: 'accept' | 'return') => {
    const department = ticket.decision.lead!.department;
    const res = await call<{ eventId: string }>(
      'POST',
      `/api/v1/tickets/${ticket.item.id}/feedback`,
      await keyFor(department),
      {
        kind,
        ...(kind === 'return' ? { reason: '不属于本部门职责' } : {}),
      },
    );
    expect(res.status).toBe(202);
    return res.body.eventId;
  };
  const stored = async (eventIds: string[]) =>
    waitFor(
      'feedback stored by the router',
      async () =>
        Number(
          (
            await hub.db.query<{ n: string }>(
              `SELECT count(*) AS n FROM feedback_events WHERE event_id = ANY($1)`,
              [eventIds],
            )
          )[0].n,
        ) === eventIds.length,
      30000,
    );

  beforeAll(async () => {
    hub = await startHub('learned', { env: { MODEL_MIN_EXAMPLES: '50', MODEL_TRAIN_CRON: 'off' } });
    base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
    collector = new Collector(hub.kafka, hub.prefix, ['routed', 'triage']);
    await collector.start();
    await hub.apps.router.start();
    await hub.apps.gateway.start();
    admin = await createKey(hub.db, 'admin', { name: 'admin-li' });

    // The platform's history: automatic decisions its departments accepted (seeded as the router writes them).
    const template = routeItem(
      itemOf(hexId('t', 0), { content: '清河路路灯坏了一个月没人修' }, new Date(now).toISOString()),
      ctx,
      new Date(now),
    );
    expect(template.lead).toBeDefined();
    const tickets = history.map((line, i): RoutedTicketV1 => {
      const at = new Date(now - (history.length - i) * 60_000).toISOString();
      return {
        schemaVersion: 1,
        item: itemOf(hexId('h', i), line, at),
        decisionRevision: 1,
        decision: {
          ...template,
          mode: 'auto',
          reason: undefined,
          lead: { ...template.lead!, department: line.expected.department! },
          co: [],
          decidedAt: at,
        },
      };
    });
    const { seedTickets } = await import('../support/seed-tickets');
    await seedTickets(
      hub.db,
      tickets.map((ticket) => ({ ticket })),
    );
    // All but the last eight were accepted long ago; those eight are answered below through the API.
    await hub.db.query(
      `INSERT INTO feedback_events (event_id, item_id, decision_revision, kind, department, actor, at)
       SELECT 'seed-' || item_id, item_id, 1, 'accepted', department_code, 'seed', created_at FROM routing_decisions
       WHERE item_id <> ALL($1::text[])`,
      [tickets.slice(-8).map((t) => t.item.id)],
    );
    const events = [];
    for (const t of tickets.slice(-8, -3)) events.push(await feedback(t, 'accept'));
    for (const t of tickets.slice(-3)) events.push(await feedback(t, 'return'));
    await stored(events);
  }, 180_000);

  afterAll(async () => {
    await collector?.stop();
    await hub?.close();
  });

  it('trains a candidate from the decided tickets: accepted are examples, returned are negative evidence', async () => {
    const res = await call<ModelView & { created: boolean }>('POST', '/api/v1/models/train', admin);
    expect(res.status).toBe(201);
    v1 = res.body;
    expect(v1).toMatchObject({
      status: 'candidate',
      created: true,
      examples: history.length - 3,
      returnedExamples: 3,
    });
    expect(v1.version).toMatch(/^tm-[0-9a-f]{8}$/);
    expect(Object.keys(v1.perDepartment).length).toBeGreaterThan(5);
    expect(v1.crossValidation?.precision).toBeGreaterThan(0.5);
    expect(v1.trainingWindow).not.toBeNull();
    // The same decided tickets give the same version: nothing new is stored.
    const again = await call<{ version: string; created: boolean }>('POST', '/api/v1/models/train', admin);
    expect(again.body).toMatchObject({ version: v1.version, created: false });
    const log = await hub.db.query<{ actor: string; action: string; entity_id: string }>(
      `SELECT actor, action, entity_id FROM audit_log WHERE entity = 'model' ORDER BY id`,
    );
    expect(log.map((l) => [l.action, l.entity_id])).toEqual([['model.train', v1.version]]);
    expect(log[0].actor).toContain('admin-li');
  });

  it('routes what no rule decides above the threshold, suggests below it, and names the model', async () => {
    const doc = (
      await hub.db.query<{ document: TextModelDocument }>(
        `SELECT document FROM model_versions WHERE version = $1`,
        [v1.version],
      )
    )[0].document;
    const model = TextModel.fromJSON(doc);
    // Unseen messages the rules leave without a department, the model sure of one.
    const candidates = CORPUS.filter((l) => l.split === 'test')
      .map((l) => ({ line: l, top: model.suggest(l.title ? `${l.title}。${l.content}` : l.content, 1)[0] }))
      .filter(
        ({ line, top }) =>
          top.confidence >= 0.6 &&
          routeItem(itemOf(hexId('probe', 0), line, new Date().toISOString()), ctx, new Date()).reason ===
            'no_department',
      );
    const sure = candidates[0];
    const other = candidates.find((c) => c.top.department !== sure.top.department)!;
    expect(other).toBeDefined();

    const [rulesOnly] = await route([sure.line], 'before');
    expect(rulesOnly.decision).toMatchObject({ mode: 'triage', reason: 'no_department' });
    expect(rulesOnly.decision.modelVersion).toBeUndefined();

    // Thresholds set on the candidate before it goes live: a router that loads the published version between a
    // publish and a later thresholds change would route with the old thresholds until its next poll.
    const thresholds = await call<ModelView>('PUT', `/api/v1/models/${v1.version}/thresholds`, admin, {
      threshold: 0.55,
      perDepartment: { [other.top.department]: 1 },
    });
    expect(thresholds.body.thresholds).toMatchObject({ override: 0.55, effective: 0.55 });
    const refused = await call<{ code: string }>('PUT', `/api/v1/models/${v1.version}/thresholds`, admin, {
      threshold: 0.3,
    });
    expect([refused.status, refused.body.code]).toEqual([400, 'invalid_request']);
    const published = await call<ModelView>('POST', `/api/v1/models/${v1.version}/publish`, admin);
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');

    // Routers poll (RULES_RELOAD_MS=1000): wait until a decision names the model.
    let auto: RoutedTicketV1 | undefined;
    await waitFor(
      'the published model in routing',
      async () => {
        [auto] = await route([sure.line], 'after');
        return auto.decision.modelVersion === v1.version;
      },
      30000,
    );
    expect(auto!.decision).toMatchObject({ mode: 'auto', lead: { department: sure.top.department } });
    expect(auto!.decision.explanation.join('\n')).toContain(`model ${v1.version}`);
    expect((await latestTicket(auto!.item.id)).model_version).toBe(v1.version);

    const [below] = await route([other.line], 'below');
    expect(below.decision).toMatchObject({
      mode: 'triage',
      reason: 'no_department',
      modelVersion: v1.version,
    });
    expect(below.decision.suggestions?.[0]).toMatchObject({ department: other.top.department });
    expect(below.decision.lead).toBeUndefined();
  });

  it('simulates a version, publishes a retrained one, and rolls back to the previous model', async () => {
    // More decided tickets: the routed ones are accepted by their departments.
    const seeded = await hub.db.query<{ ticket: RoutedTicketV1 }>(
      `SELECT DISTINCT ON (item_id) ticket FROM routing_decisions WHERE mode = 'auto' AND model_version IS NOT NULL
       ORDER BY item_id, decision_revision DESC`,
    );
    await stored(await Promise.all(seeded.map((s) => feedback(s.ticket, 'accept'))));
    const v2 = (await call<ModelView & { created: boolean }>('POST', '/api/v1/models/train', admin)).body;
    expect(v2.created).toBe(true);
    expect(v2.version).not.toBe(v1.version);
    expect(v2.examples).toBe(v1.examples + seeded.length);

    const same = await call<{ against: string; totals: { items: number; changed: number } }>(
      'POST',
      `/api/v1/models/${v1.version}/simulate`,
      admin,
      { last: 50 },
    );
    expect(same.status).toBe(200);
    expect(same.body.against).toBe(v1.version);
    expect(same.body.totals.items).toBeGreaterThan(0);
    expect(same.body.totals.changed).toBe(0);
    const next = await call<{ version: string; against: string; totals: { items: number } }>(
      'POST',
      `/api/v1/models/${v2.version}/simulate`,
      admin,
      { last: 50 },
    );
    expect(next.body).toMatchObject({ version: v2.version, against: v1.version });

    expect((await call('POST', `/api/v1/models/${v2.version}/publish`, admin)).status).toBe(200);
    const sure = (
      await hub.db.query<{ ticket: RoutedTicketV1 }>(
        `SELECT ticket FROM routing_decisions WHERE model_version = $1 AND mode = 'auto' LIMIT 1`,
        [v1.version],
      )
    )[0].ticket;
    const line = { title: sure.item.title, content: sure.item.content };
    await waitFor(
      'v2 in routing',
      async () => (await route([line], 'v2'))[0].decision.modelVersion === v2.version,
      30000,
    );

    const rollback = await call<ModelView>('POST', `/api/v1/models/${v1.version}/publish`, admin);
    expect(rollback.body).toMatchObject({ status: 'published', thresholds: { override: 0.55 } });
    let back: RoutedTicketV1 | undefined;
    await waitFor(
      'v1 back in routing',
      async () => {
        [back] = await route([line], 'rollback');
        return back.decision.modelVersion === v1.version;
      },
      30000,
    );
    expect(back!.decision).toMatchObject({
      mode: 'auto',
      lead: { department: sure.decision.lead!.department },
    });

    const list = await call<ModelView[]>('GET', '/api/v1/models', admin);
    expect(Object.fromEntries(list.body.map((m) => [m.version, m.status]))).toEqual({
      [v1.version]: 'published',
      [v2.version]: 'archived',
    });

    // Withdrawn, the rules alone route again; a second withdraw has nothing to take out.
    const withdrawn = await call<{ withdrawn: string }>('POST', '/api/v1/models/withdraw', admin);
    expect(withdrawn).toMatchObject({ status: 200, body: { withdrawn: v1.version } });
    expect((await call<{ code: string }>('POST', '/api/v1/models/withdraw', admin)).status).toBe(404);
    const after = await call<ModelView[]>('GET', '/api/v1/models', admin);
    expect(after.body.map((m) => m.status)).toEqual(['archived', 'archived']);
    await waitFor(
      'no model in routing',
      async () => (await route([line], 'withdrawn'))[0].decision.modelVersion === undefined,
      30000,
    );

    const audited = await hub.db.query<{ action: string; before: { published?: string | null } }>(
      `SELECT action, before FROM audit_log WHERE entity = 'model' ORDER BY id`,
    );
    expect(audited.map((a) => a.action)).toEqual([
      'model.train',
      'model.thresholds',
      'model.publish',
      'model.train',
      'model.publish',
      'model.rollback',
      'model.withdraw',
    ]);
    // Each publish names the version it replaced: none, then v1, then v2 (the rollback).
    expect(
      audited
        .filter((a) => a.action !== 'model.train' && a.action !== 'model.thresholds')
        .map((a) => a.before.published),
    ).toEqual([null, v1.version, v2.version, v1.version]);
    // Consumers never manage models.
    expect((await call('GET', '/api/v1/models', await keyFor('health'))).status).toBe(403);
  });
});
