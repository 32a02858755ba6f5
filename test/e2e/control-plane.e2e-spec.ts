import { generateWorkOrders } from '../simulator/hotline-orders';
import { bearer, createKey } from '../support/api-keys';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { waitFor } from '../support/kafka-helpers';

const ID = 'hotline-ctl';
const NEVER = '0 0 1 1 *';
/** Short, so the "other side is down" cases are quick; the bound asserted below is this plus slack. */
const TIMEOUT_MS = 2000;

/** A JSON body read by assertions only; its shape is what the test checks. */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Reply {
  status: number;
  body: Json;
  correlationId: string;
  ms: number;
}

/**
 * The control plane on the real processes (decision 020): the gateway asks, the connectors fetch and the router
 * simulates; with either of them stopped the gateway says so within CONTROL_PLANE_TIMEOUT_MS.
 */
describe('control plane', () => {
  let hub: HubFixture;
  let base: string;
  let operator: string;
  let admin: string;

  const call = async (method: string, path: string, body?: unknown, key = operator): Promise<Reply> => {
    const started = Date.now();
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: bearer(key, body === undefined ? {} : { 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text ? JSON.parse(text) : undefined,
      correlationId: res.headers.get('x-correlation-id') ?? '',
      ms: Date.now() - started,
    };
  };
  /** The simulator's requests from `from` on, and the user agent the connectors process sends. */
  const requestsSince = (from: number) => hub.sim.requestLog().slice(from);
  const connectorsAgent = () => `MinshengHub-Connectors/1 (pid ${hub.apps.connectors.pid})`;
  const logged = (lines: string[], message: string, correlationId: string) =>
    lines.some((l) => l.includes(`"${message}"`) && l.includes(correlationId));
  const runs = async () =>
    Number(
      (
        await hub.db.query<{ n: string }>(
          `SELECT count(*) AS n FROM connector_runs WHERE connector_id = $1`,
          [ID],
        )
      )[0].n,
    );

  beforeAll(async () => {
    hub = await startHub('control', {
      orders: generateWorkOrders(20, 909).map((g) => g.order),
      // The poll would serve a recorded run-now request too; far apart here, only the command can.
      env: { CONTROL_PLANE_TIMEOUT_MS: String(TIMEOUT_MS), CONNECTORS_RUN_NOW_POLL_MS: '600000' },
    });
    base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
    operator = await createKey(hub.db, 'operator');
    admin = await createKey(hub.db, 'admin');
    await hub.addHotlineInstance({ id: ID, schedule: NEVER });
    await Promise.all([hub.apps.gateway.start(), hub.apps.connectors.start(), hub.apps.router.start()]);
    await waitFor(
      'the control plane on all three',
      () =>
        hub.apps.gateway.lines.some((l) => l.includes('control plane client connected')) &&
        hub.apps.connectors.lines.some((l) => l.includes('control plane listening')) &&
        hub.apps.router.lines.some((l) => l.includes('control plane listening')),
      30000,
    );
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('runs a live check of a saved instance in the connectors process; the gateway fetches nothing', async () => {
    const mark = hub.sim.requestLog().length;
    const res = await call('POST', `/connectors/${ID}/check`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true });
    const seen = requestsSince(mark);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.map((r) => r.userAgent)).toEqual(seen.map(() => connectorsAgent()));
    // The child's stdout reaches the test through a pipe, possibly after the HTTP answer.
    await waitFor(
      `log line live check done`,
      () => logged(hub.apps.connectors.lines, 'live check done', res.correlationId),
      10000,
    );
  });

  it('checks a config under test there too, its token sealed on the way and kept out of the answer', async () => {
    const mark = hub.sim.requestLog().length;
    const config = { baseUrl: hub.sim.url, token: hub.sim.token, pageSize: 5 };
    const good = await call('POST', '/connector-types/hotline_12345/check', { config });
    expect(good.body).toMatchObject({ ok: true });
    const wrong = await call('POST', '/connector-types/hotline_12345/check', {
      config: { ...config, token: 'tok-wrong-Pq71-0c2d9e' },
    });
    expect(wrong.body.ok).toBe(false);
    expect(JSON.stringify(wrong.body)).not.toContain('tok-wrong-Pq71-0c2d9e');
    const seen = requestsSince(mark);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(new Set(seen.map((r) => r.userAgent))).toEqual(new Set([connectorsAgent()]));
  });

  it('has the connectors process serve run now at once, recorded and audited', async () => {
    const before = await runs();
    const mark = hub.sim.requestLog().length;
    const res = await call('POST', `/connectors/${ID}/run`);
    expect(res.status).toBe(202);
    expect(res.body.runRequestedAt).not.toBeNull();
    await waitFor('the requested run', async () => (await runs()) === before + 1, 15000);
    // The child's stdout reaches the test through a pipe, possibly after the HTTP answer.
    await waitFor(
      `log line run requested; pulling now`,
      () => logged(hub.apps.connectors.lines, 'run requested; pulling now', res.correlationId),
      10000,
    );
    expect(hub.apps.connectors.lines.some((l) => l.includes('"via":"control plane"'))).toBe(true);
    const [entry] = await hub.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id DESC LIMIT 1`,
      [ID],
    );
    expect(entry.action).toBe('connector.run_now');
    await waitFor('the pull to fetch', () => requestsSince(mark).length > 0, 15000);
    expect(new Set(requestsSince(mark).map((r) => r.userAgent))).toEqual(new Set([connectorsAgent()]));
  });

  it('merges what the connectors process knows into the status', async () => {
    const res = await call('GET', `/connectors/${ID}/status`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: ID, state: 'running' });
    const host = new URL(hub.sim.url).host;
    expect(res.body.live).toMatchObject({
      by: expect.stringContaining(`:${hub.apps.connectors.pid}`),
      scheduled: true,
      circuits: [{ host, state: 'closed' }],
    });
    expect(Date.parse(String(res.body.live.nextFireAt))).toBeGreaterThan(Date.now());
  });

  it('has the router simulate a draft', async () => {
    const versions = await call('GET', '/rule-sets', undefined, admin);
    const published = (versions.body as unknown as { version: number; status: string }[]).find(
      (v) => v.status === 'published',
    )!;
    const draft = await call('POST', '/rule-sets', { copyFrom: published.version }, admin);
    expect(draft.status).toBe(201);
    const res = await call('POST', `/rule-sets/${draft.body.version}/simulate`, { last: 50 }, admin);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: draft.body.version, against: published.version });
    expect(res.body.totals).toEqual({ items: 20, changed: 0, unchanged: 20, failed: 0 });
    // The child's stdout reaches the test through a pipe, possibly after the HTTP answer.
    await waitFor(
      `log line rule set simulated`,
      () => logged(hub.apps.router.lines, 'rule set simulated', res.correlationId),
      10000,
    );
    const missing = await call('POST', '/rule-sets/9999/simulate', {}, admin);
    expect(missing.status).toBe(404);
  });

  it('answers 503 connectors_unavailable within its timeout when the connectors are stopped', async () => {
    await hub.apps.connectors.kill('SIGTERM');
    const mark = hub.sim.requestLog().length;
    const check = await call('POST', `/connectors/${ID}/check`);
    expect(check.status).toBe(503);
    expect(check.body).toMatchObject({ code: 'connectors_unavailable' });
    expect(check.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
    expect(check.ms).toBeLessThan(TIMEOUT_MS + 1500);
    const typeCheck = await call('POST', '/connector-types/hotline_12345/check', {
      config: { baseUrl: hub.sim.url, token: hub.sim.token },
    });
    expect(typeCheck.status).toBe(503);
    const run = await call('POST', `/connectors/${ID}/run`);
    expect(run.status).toBe(503);
    expect(run.body.code).toBe('connectors_unavailable');
    expect(run.ms).toBeLessThan(TIMEOUT_MS + 1500);
    // The request stays recorded for the first connectors process to poll.
    const [row] = await hub.db.query<{ run_requested_at: Date | null }>(
      `SELECT run_requested_at FROM connector_instances WHERE id = $1`,
      [ID],
    );
    expect(row.run_requested_at).not.toBeNull();
    const status = await call('GET', `/connectors/${ID}/status`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ id: ID, state: 'running', live: null });
    expect(status.ms).toBeLessThan(TIMEOUT_MS + 1500);
    expect(requestsSince(mark)).toEqual([]);
  });

  it('answers 503 router_unavailable within its timeout when the router is stopped', async () => {
    await hub.apps.router.kill('SIGTERM');
    const versions = await call('GET', '/rule-sets', undefined, admin);
    const [newest] = versions.body as unknown as { version: number }[];
    const res = await call('POST', `/rule-sets/${newest.version}/simulate`, {}, admin);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'router_unavailable' });
    expect(res.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
    expect(res.ms).toBeLessThan(TIMEOUT_MS + 1500);
  });
});
