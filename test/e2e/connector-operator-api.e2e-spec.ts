import { createHmac } from 'node:crypto';
import { generateWorkOrders } from '../simulator/hotline-orders';
import { sampleItem } from '../fixtures/appeal-item';
import { bearer, createKey } from '../support/api-keys';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { waitFor } from '../support/kafka-helpers';

const TOKEN = 'tok-Zq81-hotline-7f3a9c5e';
const WRONG_TOKEN = 'tok-wrong-Kd02-b81f4c';
const PUSH_SECRET = 'push-op-secret-Yh27-0123456';
const ID = 'hotline-api';
const NEVER = '0 0 1 1 *';

/** A JSON body read by assertions only; its shape is what the test checks. */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Reply {
  status: number;
  body: Json;
}

const fields = (errors: unknown) => (errors as { field: string }[]).map((e) => e.field).sort();

/**
 * The operator API on the real gateway, connectors and router processes: an instance created, watched and fixed
 * through HTTP only, its secret never shown, logged or stored in clear; dead letters replayed; push channels managed.
 */
describe('connector operator API', () => {
  let hub: HubFixture;
  let base: string;
  let operator: string;
  let consumer: string;
  let issuedPushSecret = '';
  const responses: string[] = [];

  const api = async (method: string, path: string, body?: unknown, key = operator): Promise<Reply> => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: bearer(key, body === undefined ? {} : { 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    responses.push(text);
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const row = async () =>
    (
      await hub.db.query<{ state: string; config: string; version: number; run_requested_at: Date | null }>(
        `SELECT state, config::text AS config, version, run_requested_at FROM connector_instances WHERE id = $1`,
        [ID],
      )
    )[0];
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await hub.db.query<{ n: string }>(sql, params))[0].n);
  const runs = () => count(`SELECT count(*) AS n FROM connector_runs WHERE connector_id = $1`, [ID]);
  const finishedRuns = () =>
    count(`SELECT count(*) AS n FROM connector_runs WHERE connector_id = $1 AND finished_at IS NOT NULL`, [
      ID,
    ]);
  const hotlineConfig = (extra: Record<string, unknown> = {}) => ({
    baseUrl: hub.sim.url,
    token: TOKEN,
    pageSize: 10,
    ...extra,
  });

  beforeAll(async () => {
    hub = await startHub('opapi', {
      orders: generateWorkOrders(30, 2026).map((g) => g.order),
      simToken: TOKEN,
    });
    operator = await createKey(hub.db, 'operator', { name: 'ops-zhang' });
    consumer = await createKey(hub.db, 'consumer');
    await Promise.all([hub.apps.gateway.start(), hub.apps.connectors.start(), hub.apps.router.start()]);
    base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('lists the connector types with their config and cursor JSON Schemas and secret fields', async () => {
    const { status, body } = await api('GET', '/connector-types');
    expect(status).toBe(200);
    const types = body as unknown as Json[];
    const hotline = types.find((t) => t.type === 'hotline_12345')!;
    expect(hotline.secretFields).toEqual(['token']);
    expect(hotline.configSchema.properties.token).toMatchObject({ type: 'string', writeOnly: true });
    expect(hotline.cursorSchema).toMatchObject({
      properties: { since: { type: 'string' }, page: { type: 'integer' }, highWater: { type: 'string' } },
      additionalProperties: false,
    });
    const httpJson = types.find((t) => t.type === 'http_json')!;
    expect(fields((httpJson.secretFields as string[]).map((field) => ({ field })))).toEqual([
      'auth.token',
      'auth.value',
      'body',
      'headers',
    ]);
    expect((await api('GET', '/connector-types', undefined, consumer)).status).toBe(403);
  });

  it('validates a config and a schedule without saving anything', async () => {
    const bad = await api('POST', '/connector-types/hotline_12345/validate', {
      config: { baseUrl: 'not a url', pageSize: 0 },
      schedule: 'every minute',
    });
    expect(bad.status).toBe(200);
    expect(bad.body.valid).toBe(false);
    expect(fields(bad.body.errors)).toEqual([
      'config.baseUrl',
      'config.pageSize',
      'config.token',
      'schedule',
    ]);
    const good = await api('POST', '/connector-types/hotline_12345/validate', {
      config: hotlineConfig(),
      schedule: '*/2 * * * * *',
    });
    expect(good.body).toEqual({ valid: true, errors: [] });
    expect((await api('POST', '/connector-types/nope/validate', { config: {} })).status).toBe(404);
    expect(await count(`SELECT count(*) AS n FROM connector_instances`)).toBe(0);
  });

  it('checks a config against the live source: per-field errors for a bad one, ok for a good one', async () => {
    const wrong = await api('POST', '/connector-types/hotline_12345/check', {
      config: hotlineConfig({ token: WRONG_TOKEN }),
    });
    expect(wrong.status).toBe(200);
    expect(wrong.body.ok).toBe(false);
    expect(wrong.body.errors[0].field).toBe('config.token');
    const invalid = await api('POST', '/connector-types/hotline_12345/check', { config: { token: TOKEN } });
    expect(invalid.body).toMatchObject({ ok: false, errors: [{ field: 'config.baseUrl' }] });
    const good = await api('POST', '/connector-types/hotline_12345/check', { config: hotlineConfig() });
    expect(good.body).toMatchObject({ ok: true, errors: [] });
    expect(good.body.sample).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM appeal_items`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM outbox`)).toBe(0);
  });

  it('refuses an invalid instance with per-field errors', async () => {
    const res = await api('POST', '/connectors', {
      id: ID,
      type: 'hotline_12345',
      name: '阜阳12345',
      config: { baseUrl: hub.sim.url },
      schedule: '61 * * * *',
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_config');
    expect(fields(res.body.errors)).toEqual(['config.token', 'schedule']);
  });

  it('creates an instance that pulls without a restart, its token sealed in the database', async () => {
    const res = await api('POST', '/connectors', {
      id: ID,
      type: 'hotline_12345',
      name: '阜阳12345',
      config: hotlineConfig(),
      schedule: '*/2 * * * * *',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: ID, enabled: true, version: 1, config: { token: { set: true } } });
    const stored = await row();
    expect(stored.config).not.toContain(TOKEN);
    expect(JSON.parse(stored.config).token).toMatch(/^enc:v1:/);
    await waitFor(
      'the first pull through the API-created instance',
      async () =>
        (await count(`SELECT count(*) AS n FROM appeal_items WHERE connector_id = $1`, [ID])) === 30,
      30000,
    );
    expect((await api('POST', '/connectors', { ...res.body, config: hotlineConfig() })).status).toBe(409);
  });

  it('shows status, run history and the instance without the secret', async () => {
    const list = await api('GET', '/connectors');
    expect(list.body).toHaveLength(1);
    expect(list.body[0].config.token).toEqual({ set: true });
    const status = await api('GET', `/connectors/${ID}/status`);
    expect(status.body).toMatchObject({ state: 'running', counts: { emitted: 30 }, lastError: null });
    expect(status.body.lastSuccessAt).not.toBeNull();
    expect(status.body.freshness).not.toBeNull();
    await waitFor('three finished runs', async () => (await finishedRuns()) >= 3, 30000);
    const page1 = await api('GET', `/connectors/${ID}/runs?limit=2`);
    expect(page1.body.runs).toHaveLength(2);
    expect(page1.body.nextCursor).not.toBeNull();
    const page2 = await api('GET', `/connectors/${ID}/runs?limit=2&cursor=${page1.body.nextCursor}`);
    expect(Number(page2.body.runs[0].id)).toBeLessThan(Number(page1.body.runs[1].id));
    expect((await api('GET', `/connectors/nope/status`)).status).toBe(404);
  });

  it('updates the schedule and config without re-sending the token, which is kept', async () => {
    const before = await row();
    const res = await api('PATCH', `/connectors/${ID}`, {
      schedule: NEVER,
      config: { baseUrl: hub.sim.url, pageSize: 5 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ schedule: NEVER, config: { pageSize: 5, token: { set: true } } });
    const after = await row();
    expect(after.version).toBeGreaterThan(before.version);
    expect(JSON.parse(after.config).token).toBe(JSON.parse(before.config).token);
    // Sending back what a read showed ({set: true}) keeps it too.
    const again = await api('PATCH', `/connectors/${ID}`, { config: { ...res.body.config, pageSize: 10 } });
    expect(JSON.parse((await row()).config).token).toBe(JSON.parse(before.config).token);
    expect(again.body.config.pageSize).toBe(10);
  });

  it('runs now, outside the schedule, with the kept token', async () => {
    // The new schedule reaches the connectors process within CONNECTORS_RELOAD_MS; any pull in flight finishes.
    await new Promise((r) => setTimeout(r, 2500));
    const before = await runs();
    const res = await api('POST', `/connectors/${ID}/run`);
    expect(res.status).toBe(202);
    expect(res.body.runRequestedAt).not.toBeNull();
    await waitFor('the requested run', async () => (await finishedRuns()) === before + 1, 20000);
    expect((await row()).run_requested_at).toBeNull();
    expect((await api('GET', `/connectors/${ID}/status`)).body.lastRun.status).toBe('succeeded');
    expect((await api('POST', `/connectors/${ID}/check`)).body).toMatchObject({ ok: true });
  });

  it('pauses (no pulls), then resumes', async () => {
    const beforeSchedule = await runs();
    await api('PATCH', `/connectors/${ID}`, { schedule: '*/2 * * * * *' });
    await waitFor('scheduled pulls again', async () => (await runs()) > beforeSchedule, 15000);
    const paused = await api('POST', `/connectors/${ID}/pause`);
    expect(paused.body.state).toBe('paused');
    await new Promise((r) => setTimeout(r, 2500));
    const atPause = await runs();
    await new Promise((r) => setTimeout(r, 5000));
    expect(await runs()).toBe(atPause);
    expect((await api('POST', `/connectors/${ID}/run`)).status).toBe(409);
    const resumed = await api('POST', `/connectors/${ID}/resume`);
    expect(resumed.body.state).toBe('running');
    await waitFor('pulls again after resume', async () => (await runs()) > atPause, 15000);
  });

  it('lets the cursor change only while stopped, and resets it', async () => {
    const cursor = await api('GET', `/connectors/${ID}/cursor`);
    expect(cursor.body.cursor).toMatchObject({ page: expect.any(Number) });
    const refused = await api('PUT', `/connectors/${ID}/cursor`, { cursor: { page: 1 } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('conflict');
    expect((await api('DELETE', `/connectors/${ID}/cursor`)).status).toBe(409);
    const stopped = await api('POST', `/connectors/${ID}/stop`);
    expect(stopped.body.state).toBe('stopped');
    expect((await api('POST', `/connectors/${ID}/pause`)).status).toBe(409);
    const invalid = await api('PUT', `/connectors/${ID}/cursor`, {
      cursor: { page: 0, sinse: '2026-01-01' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('invalid_cursor');
    expect(fields(invalid.body.errors)).toEqual(['cursor', 'cursor.page']);
    const moved = { since: '2026-01-01 00:00:00', page: 1, highWater: '2026-01-01 00:00:00' };
    const set = await api('PUT', `/connectors/${ID}/cursor`, { cursor: moved });
    expect(set.status).toBe(200);
    expect((await api('GET', `/connectors/${ID}/cursor`)).body.cursor).toEqual(moved);
    const reset = await api('DELETE', `/connectors/${ID}/cursor`);
    expect(reset.body.cursor).toBeNull();
    expect((await api('GET', `/connectors/${ID}/cursor`)).body.cursor).toBeNull();
    expect((await api('POST', `/connectors/${ID}/run`)).status).toBe(409);
  });

  it('restarts with onlyFailed only a failed instance, and takes a new token', async () => {
    const skipped = await api('POST', `/connectors/${ID}/restart`, { onlyFailed: true });
    expect(skipped.body).toMatchObject({ restarted: false, state: 'stopped' });
    await api('PATCH', `/connectors/${ID}`, { config: hotlineConfig({ token: WRONG_TOKEN }) });
    await api('POST', `/connectors/${ID}/resume`);
    await waitFor('the instance to fail', async () => (await row()).state === 'failed', 20000);
    const status = await api('GET', `/connectors/${ID}/status`);
    expect(status.body).toMatchObject({ state: 'failed', lastErrorKind: 'forbidden' });
    await api('PATCH', `/connectors/${ID}`, { config: hotlineConfig() });
    const restarted = await api('POST', `/connectors/${ID}/restart`, { onlyFailed: true });
    expect(restarted.body).toMatchObject({ restarted: true, state: 'running', consecutiveFailures: 0 });
    await waitFor(
      'a success after the restart',
      async () => (await api('GET', `/connectors/${ID}/status`)).body.lastRun?.status === 'succeeded',
      20000,
    );
    const healthy = await api('POST', `/connectors/${ID}/restart`, { onlyFailed: true });
    expect(healthy.body).toMatchObject({ restarted: false, state: 'running' });
  });

  it('lists dead letters with filters and replays a router-stage one through the outbox', async () => {
    const item = sampleItem({
      id: 'ap_feedfacefeedfacefeedfacefeedface',
      location: { addressText: '临泉县城关街道', precision: 'address', origin: 'citizen' },
    });
    const [{ id: routerLetter }] = await hub.db.query<{ id: string }>(
      `INSERT INTO dead_letters (stage, reason_code, reason, topic, partition, "offset", message_key, payload)
       VALUES ('router', 'processing_failed', 'database unavailable', $1, 0, 999999, $2, $3) RETURNING id`,
      [`${hub.prefix}appeal.items.v1`, item.id, JSON.stringify(item)],
    );
    const [{ id: connectorLetter }] = await hub.db.query<{ id: string }>(
      `INSERT INTO dead_letters (stage, reason_code, reason, message_key, payload)
       VALUES ('connector', 'parse_failed', 'no recordNo', 'raw:abc', '{"x":1}') RETURNING id`,
    );
    const routerOnly = await api('GET', '/dead-letters?stage=router&replayed=false');
    expect((routerOnly.body.deadLetters as Json[]).map((d) => String(d.id))).toEqual([String(routerLetter)]);
    const paged = await api('GET', '/dead-letters?limit=1');
    expect(paged.body.deadLetters[0].id).toBe(String(connectorLetter));
    expect(paged.body.nextCursor).toBe(String(connectorLetter));
    const notReplayable = await api('POST', `/dead-letters/${connectorLetter}/replay`);
    expect(notReplayable.status).toBe(409);
    expect(notReplayable.body.code).toBe('not_replayable');

    const replayed = await api('POST', `/dead-letters/${routerLetter}/replay`);
    expect(replayed.status).toBe(202);
    expect(replayed.body.replayedAt).not.toBeNull();
    const [outbox] = await hub.db.query<{ topic: string; message_key: string }>(
      `SELECT topic, message_key FROM outbox WHERE id = $1`,
      [replayed.body.outboxId],
    );
    expect(outbox).toEqual({ topic: 'appeal.items.v1', message_key: item.id });
    await waitFor(
      'the router to decide the replayed item',
      async () =>
        (await count(`SELECT count(*) AS n FROM routing_decisions WHERE item_id = $1`, [item.id])) === 1,
      30000,
    );
    expect((await api('POST', `/dead-letters/${routerLetter}/replay`)).body.code).toBe('already_replayed');
    expect((await api('GET', '/dead-letters?replayed=true')).body.deadLetters).toHaveLength(1);
  });

  it('manages push channels with a write-only, sealed secret', async () => {
    const created = await api('POST', '/push-channels', { channel: 'miniapp_ops' });
    expect(created.status).toBe(201);
    expect(created.body.secret).toEqual({ set: true });
    issuedPushSecret = created.body.issuedSecret as string;
    expect(issuedPushSecret.length).toBeGreaterThanOrEqual(32);
    const [stored] = await hub.db.query<{ secret: string }>(
      `SELECT secret FROM push_channels WHERE channel = 'miniapp_ops'`,
    );
    expect(stored.secret).toMatch(/^enc:v1:/);
    const push = (secret: string) => {
      const raw = JSON.stringify({ externalId: 'ops-1', content: '路灯不亮', appealType: 'complaint' });
      const ts = String(Math.floor(Date.now() / 1000));
      return fetch(`${base}/intake/miniapp_ops`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-minsheng-timestamp': ts,
          'x-minsheng-signature': `sha256=${createHmac('sha256', secret).update(`${ts}.${raw}`).digest('hex')}`,
        },
        body: raw,
      });
    };
    expect((await push(issuedPushSecret)).status).toBe(202);
    const rotated = await api('POST', '/push-channels/miniapp_ops/rotate-secret', { secret: PUSH_SECRET });
    expect(rotated.status).toBe(200);
    expect(rotated.body.issuedSecret).toBeUndefined();
    expect((await push(issuedPushSecret)).status).toBe(401);
    expect((await push(PUSH_SECRET)).status).toBe(202);
    expect((await api('PATCH', '/push-channels/miniapp_ops', { enabled: false })).body.enabled).toBe(false);
    // Disabled answers like unknown, and both like a bad signature (decision 024).
    expect((await push(PUSH_SECRET)).status).toBe(401);
    expect((await api('GET', '/push-channels')).body).toEqual([
      expect.objectContaining({ secret: { set: true } }),
    ]);
    expect((await api('DELETE', '/push-channels/miniapp_ops')).status).toBe(200);
    expect((await api('GET', '/push-channels/miniapp_ops')).status).toBe(404);
  });

  it('deletes the instance', async () => {
    expect((await api('DELETE', `/connectors/${ID}`)).status).toBe(200);
    expect((await api('GET', `/connectors/${ID}`)).status).toBe(404);
    expect(await count(`SELECT count(*) AS n FROM connector_runs WHERE connector_id = $1`, [ID])).toBe(0);
  });

  it('audits every change with the actor, secrets masked', async () => {
    const entries = await hub.db.query<{ actor: string; action: string; before: unknown; after: unknown }>(
      `SELECT actor, action, before, after FROM audit_log ORDER BY id`,
    );
    const actions = new Set(entries.map((e) => e.action));
    for (const action of [
      'connector_type.validate',
      'connector_type.check',
      'connector.create',
      'connector.update',
      'connector.run_now',
      'connector.pause',
      'connector.resume',
      'connector.stop',
      'connector.cursor_set',
      'connector.cursor_reset',
      'connector.restart',
      'connector.delete',
      'POST /api/v1/connectors/:id/check',
      'dead_letter.replay',
      'push_channel.create',
      'push_channel.rotate_secret',
      'push_channel.update',
      'push_channel.delete',
    ])
      expect(actions).toContain(action);
    expect(entries.every((e) => /^key:[^:]+:ops-zhang$/.test(e.actor))).toBe(true);
    const create = entries.find((e) => e.action === 'connector.create');
    expect(create?.after).toMatchObject({ config: { token: { set: true } }, schedule: '*/2 * * * * *' });
  });

  it('never shows, logs or stores a secret in clear', async () => {
    const secrets = [TOKEN, WRONG_TOKEN, PUSH_SECRET, issuedPushSecret];
    expect(responses.length).toBeGreaterThan(50);
    const audit = await hub.db.query<{ text: string }>(
      `SELECT row_to_json(a)::text AS text FROM audit_log a`,
    );
    const logs = [...hub.apps.gateway.lines, ...hub.apps.connectors.lines, ...hub.apps.router.lines];
    expect(logs.length).toBeGreaterThan(20);
    // The one exception by design: the generated push secret, shown once in the response that created it.
    expect(responses.filter((r) => r.includes(issuedPushSecret))).toHaveLength(1);
    for (const secret of secrets) {
      if (secret !== issuedPushSecret) expect(responses.filter((r) => r.includes(secret))).toEqual([]);
      expect(logs.filter((l) => l.includes(secret))).toEqual([]);
      expect(audit.filter((a) => a.text.includes(secret))).toEqual([]);
    }
  });
});
