import { type IncomingHttpHeaders } from 'node:http';
import { generateWorkOrders } from '../simulator/hotline-orders';
import { serveLocally, type LocalServer } from '../simulator/local-server';
import { bearer, createKey } from '../support/api-keys';
import { startHub, type HubFixture } from '../support/hub-fixture';

const TOKEN = 'tok-Sec31-hotline-9d7e1a';
const NEW_TOKEN = 'tok-Sec31-other-4b2c8f';
const ID = 'hotline-sec';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Attack suite, secrets (issue 12, decision 022): an operator cannot read a write-only token by pointing the
 * instance's URL elsewhere and pressing check, and no fetch follows a redirect to another origin. The "other host" is
 * a capture server on 127.0.0.1 that records every request's headers.
 */
describe('security: secrets bound to their origin', () => {
  let hub: HubFixture;
  let base: string;
  let operator: string;
  let capture: LocalServer;
  let redirector: LocalServer;
  const captured: IncomingHttpHeaders[] = [];

  const api = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Json }> => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: bearer(operator, body === undefined ? {} : { 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
  };

  beforeAll(async () => {
    hub = await startHub('sec-secrets', {
      orders: generateWorkOrders(5, 2026).map((g) => g.order),
      simToken: TOKEN,
    });
    capture = await serveLocally(
      (req, res) => {
        captured.push(req.headers);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"total":0,"items":[]}');
        return true;
      },
      (res) => res.writeHead(404).end(),
    );
    redirector = await serveLocally(
      (_req, res, url) => {
        res.writeHead(302, { location: `${capture.origin}${url.pathname}${url.search}` }).end();
        return true;
      },
      (res) => res.writeHead(404).end(),
    );
    operator = await createKey(hub.db, 'operator', { name: 'ops-sec' });
    await Promise.all([hub.apps.gateway.start(), hub.apps.connectors.start()]);
    base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
    const created = await api('POST', '/connectors', {
      id: ID,
      type: 'hotline_12345',
      name: '12345',
      config: { baseUrl: hub.sim.url, token: TOKEN, pageSize: 5 },
      schedule: '0 0 1 1 *',
      enabled: false,
    });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await capture?.close();
    await redirector?.close();
    await hub?.close();
  });

  it('refuses a URL change that keeps the stored token, naming the secret path; the check sends no token anywhere', async () => {
    for (const token of [undefined, { set: true }]) {
      const res = await api('PATCH', `/connectors/${ID}`, {
        config: { baseUrl: capture.origin, pageSize: 5, ...(token ? { token } : {}) },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_config');
      expect(res.body.errors).toEqual([
        {
          field: 'config.token',
          message: expect.stringMatching(/required again: the origin of config\.baseUrl changed/),
        },
      ]);
    }
    const [row] = await hub.db.query<{ base_url: string }>(
      `SELECT config->>'baseUrl' AS base_url FROM connector_instances WHERE id = $1`,
      [ID],
    );
    expect(row.base_url).toBe(hub.sim.url);
    const check = await api('POST', `/connectors/${ID}/check`);
    expect(check.status).toBe(200);
    expect(captured).toEqual([]);

    // Same origin, other path: the token may stay.
    const samePlace = await api('PATCH', `/connectors/${ID}`, {
      config: { baseUrl: `${hub.sim.url}/`, pageSize: 5 },
    });
    expect(samePlace.status).toBe(200);
  });

  it('sends the other host only the token entered for it', async () => {
    const moved = await api('PATCH', `/connectors/${ID}`, {
      config: { baseUrl: capture.origin, token: NEW_TOKEN, pageSize: 5 },
    });
    expect(moved.status).toBe(200);
    await api('POST', `/connectors/${ID}/check`);
    expect(captured.length).toBeGreaterThan(0);
    expect(captured.map((h) => h.authorization)).toEqual(captured.map(() => `Bearer ${NEW_TOKEN}`));
  });

  it('does not follow a redirect to another origin: the token stays with the origin it was given for', async () => {
    const before = captured.length;
    const res = await api('POST', '/connector-types/hotline_12345/check', {
      config: { baseUrl: redirector.origin, token: TOKEN, pageSize: 5 },
    });
    expect(res.body.ok).toBe(false);
    expect(JSON.stringify(res.body.errors)).toMatch(/redirect_refused/);
    expect(captured.length).toBe(before);
  });

  it('refuses a check against the metadata service or a private range before connecting, with a code', async () => {
    for (const baseUrl of [
      'http://169.254.169.254/latest',
      'http://10.0.0.1/',
      'http://[::ffff:169.254.169.254]/',
    ]) {
      const res = await api('POST', '/connector-types/hotline_12345/check', {
        config: { baseUrl, token: TOKEN, pageSize: 5 },
      });
      expect(res.body.ok).toBe(false);
      expect(res.body.errors[0].message).toMatch(
        /^target_refused: GET http:\/\/\S+ refused by the egress policy/,
      );
    }
  });
});
