import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppealItemV1 } from '../../libs/shared/src/contracts';
import { generateWorkOrders } from '../simulator/hotline-orders';
import { bearer, createKey } from '../support/api-keys';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { publishJson, waitFor } from '../support/kafka-helpers';
import { startWebhookReceiver } from '../support/webhook-receiver';
import { countyItem, gatewayCaller, YINGSHANG, YINGSHANG_STREETLIGHT } from '../support/webhook-fixtures';

interface Delivery {
  id: string;
  status: string;
  lastError: string | null;
  lastErrorCode: string | null;
  attemptLog: { error: string | null; code?: string | null; statusCode: number | null }[];
}

/**
 * Attack suite, egress (issue 12, decision 022): a consumer key must not turn webhooks into a scanner of the
 * gateway's networks. The gateway runs with EGRESS_ALLOW_CIDRS=127.0.0.2/32 (the "intranet" it may reach) and a
 * resolver file instead of DNS, so every name resolves to what the test says. The receiver listens on 127.0.0.2;
 * 127.0.0.1 plays the gateway's own machine. Refused ranges are never connected to: the refusal is the policy's,
 * before any socket (the unit spec webhook-sender.spec.ts proves that with a connect spy).
 */
describe('security: egress', () => {
  let hub: HubFixture;
  let base: string;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  // On 127.0.0.1, outside EGRESS_ALLOW_CIDRS: reachable only through an admin's allowlist entry.
  let local: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let dir: string;
  let resolverFile: string;
  const keys: Record<'ys' | 'admin' | 'operator', string> = {} as never;
  const call = gatewayCaller(() => base);
  const resolve = (table: Record<string, string[]>) => writeFileSync(resolverFile, JSON.stringify(table));
  const names: Record<string, string[]> = {
    localhost: ['127.0.0.1'],
    'receiver.test': ['127.0.0.2'],
    'rebind.test': ['127.0.0.2'],
    'intranet.test': ['10.9.8.7'],
    'mixed.test': ['127.0.0.2', '192.168.7.7'],
  };
  const refusedForms = () => [
    'http://[::ffff:127.0.0.1]:3000/',
    'http://localhost.:3000/',
    'http://localhost:3000/',
    'http://127.0.0.1:3000/',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.1.2.3/',
    'http://192.168.1.20/',
    'http://172.16.0.1/',
    'http://100.64.0.1/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://[::1]:3000/',
    'http://intranet.test/',
    'http://mixed.test/',
    'http://nowhere.test/',
  ];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'egress-'));
    resolverFile = join(dir, 'names.json');
    resolve(names);
    hub = await startHub('sec-egress', {
      orders: generateWorkOrders(3, 2026).map((g) => g.order),
      env: {
        EGRESS_ALLOW_CIDRS: '127.0.0.2/32',
        EGRESS_RESOLVER_FILE: resolverFile,
        WEBHOOKS_POLL_MS: '100',
        WEBHOOKS_MAX_ATTEMPTS: '1',
        WEBHOOKS_REDELIVER_PER_MINUTE: '2',
        WEBHOOKS_TIMEOUT_MS: '3000',
      },
    });
    receiver = await startWebhookReceiver(
      {
        '/ok': () => 200,
        '/rebind': () => 200,
        '/redirect': () => 302,
      },
      '127.0.0.2',
    );
    local = await startWebhookReceiver({ '/local': () => 200 }, '127.0.0.1');
    await Promise.all([hub.apps.gateway.start(), hub.apps.router.start(), hub.apps.connectors.start()]);
    base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
    keys.ys = await createKey(hub.db, 'consumer', { name: '颍上县分平台', counties: [YINGSHANG] });
    keys.admin = await createKey(hub.db, 'admin');
    keys.operator = await createKey(hub.db, 'operator', { name: 'ops-egress' });
  });

  afterAll(async () => {
    await receiver?.close();
    await local?.close();
    await hub?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a webhook to every loopback, private, link-local, unique-local or non-http target at create', async () => {
    for (const url of refusedForms()) {
      const res = await call('POST', '/api/v1/webhooks', keys.ys, { url });
      expect([url, res.status, res.body.code]).toEqual([url, 400, 'target_refused']);
      // The consumer learns the class, never the address a name resolved to.
      expect(String(res.body.message)).not.toMatch(/10\.9\.8\.7|192\.168\.7\.7/);
    }
    for (const url of ['ftp://receiver.test/x', 'javascript:alert(1)', 'file:///etc/passwd'])
      expect(await call('POST', '/api/v1/webhooks', keys.ys, { url })).toMatchObject({ status: 400 });
    expect((await call('GET', '/api/v1/webhooks', keys.ys)).body.webhooks).toEqual([]);
  });

  it('refuses the same targets at update, and keeps the target it had', async () => {
    const good = receiver.url('/ok').replace('127.0.0.2', 'receiver.test');
    const created = await call('POST', '/api/v1/webhooks', keys.ys, { url: good, active: false });
    expect(created.status).toBe(201);
    const id = (created.body.subscription as { id: string }).id;
    for (const url of [...refusedForms(), 'ftp://receiver.test/x']) {
      const res = await call('PATCH', `/api/v1/webhooks/${id}`, keys.ys, { url });
      expect([url, res.status]).toEqual([url, 400]);
    }
    expect((await call('GET', `/api/v1/webhooks/${id}`, keys.ys)).body.url).toBe(good);
    await call('DELETE', `/api/v1/webhooks/${id}`, keys.ys);
  });

  it('refuses again at send: a name that resolves elsewhere after create (DNS rebinding) is never connected to', async () => {
    const ok = await call('POST', '/api/v1/webhooks', keys.ys, { url: receiver.url('/ok') });
    const rebind = await call('POST', '/api/v1/webhooks', keys.ys, {
      url: receiver.url('/rebind').replace('127.0.0.2', 'rebind.test'),
    });
    const redirect = await call('POST', '/api/v1/webhooks', keys.ys, { url: receiver.url('/redirect') });
    expect([ok.status, rebind.status, redirect.status]).toEqual([201, 201, 201]);
    resolve({ ...names, 'rebind.test': ['10.0.0.9'] });

    const item: AppealItemV1 = countyItem('e', 'sec-egress', ...YINGSHANG_STREETLIGHT);
    await publishJson(hub.kafka, hub.prefix, 'items', item.id, item);
    await waitFor('the good webhook to be delivered', () => receiver.at('/ok').length >= 1, 90000);
    const rebindId = (rebind.body.subscription as { id: string }).id;
    const logOf = async (id: string, key: string) =>
      (await call('GET', `/api/v1/webhooks/${id}/deliveries`, key)).body.deliveries as Delivery[];
    await waitFor(
      'the rebound webhook to fail',
      async () => (await logOf(rebindId, keys.ys))[0]?.status === 'failed',
    );
    expect(receiver.at('/rebind')).toEqual([]);

    // Coarse for the consumer, detail for an admin.
    const [mine] = await logOf(rebindId, keys.ys);
    expect(mine).toMatchObject({ lastError: 'target_refused', lastErrorCode: 'target_refused' });
    expect(mine.attemptLog.map((a) => a.error)).toEqual(['target_refused']);
    const [detail] = await logOf(rebindId, keys.admin);
    expect(detail.lastErrorCode).toBe('target_refused');
    expect(detail.lastError).toMatch(/rebind\.test is 10\.0\.0\.9 \(private\)/);

    // A redirect is not followed, wherever it points.
    const redirectId = (redirect.body.subscription as { id: string }).id;
    await waitFor(
      'the redirecting webhook to fail',
      async () => (await logOf(redirectId, keys.ys))[0]?.status === 'failed',
    );
    const [redirected] = await logOf(redirectId, keys.ys);
    expect(redirected).toMatchObject({ lastErrorCode: 'redirect_refused', lastError: 'redirect_refused' });
    expect(receiver.at('/redirect')).toHaveLength(1);
    expect((await logOf(redirectId, keys.admin))[0].lastError).toBe('redirect not followed');
  });

  it('rate-limits redelivery on demand per subscription with 429 redeliver_rate_limited', async () => {
    const [{ id: sub }] = (await call('GET', '/api/v1/webhooks', keys.ys)).body.webhooks as { id: string }[];
    const [delivery] = (await call('GET', `/api/v1/webhooks/${sub}/deliveries`, keys.ys)).body
      .deliveries as Delivery[];
    const path = `/api/v1/webhooks/${sub}/deliveries/${delivery.id}/redeliver`;
    expect((await call('POST', path, keys.ys)).status).toBe(202);
    expect((await call('POST', path, keys.ys)).status).toBe(202);
    const third = await fetch(`${base}${path}`, { method: 'POST', headers: bearer(keys.ys) });
    expect(third.status).toBe(429);
    expect(await third.json()).toMatchObject({ code: 'redeliver_rate_limited' });
    // Seconds until the first of the two (made just now) leaves the one-minute window.
    const retryAfter = Number(third.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 30 && retryAfter <= 60).toBe(true);
  });

  it('lets only an admin allowlist a loopback address for one webhook; deliveries then reach it; audited', async () => {
    const created = await call('POST', '/api/v1/webhooks', keys.ys, {
      url: receiver.url('/ok'),
      active: false,
    });
    const id = (created.body.subscription as { id: string }).id;
    const target = local.url('/local');
    expect(target).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect(await call('PATCH', `/api/v1/webhooks/${id}`, keys.ys, { url: target })).toMatchObject({
      status: 400,
      body: { code: 'target_refused' },
    });
    const put = (key: string, allow: unknown) =>
      call('PUT', `/api/v1/webhooks/${id}/egress-allow`, key, { allow });
    expect((await put(keys.ys, ['127.0.0.1/32'])).status).toBe(403);
    expect((await put(keys.operator, ['127.0.0.1/32'])).status).toBe(403);
    for (const allow of [['not a range!'], ['0.0.0.0/0'], ['::/0'], ['*'], ['*.test'], ['http://127.0.0.1/']])
      expect([allow, await put(keys.admin, allow)]).toMatchObject([
        allow,
        { status: 400, body: { code: 'invalid_allowlist' } },
      ]);
    const allowed = await put(keys.admin, ['127.0.0.1/32', '127.0.0.1/32']);
    expect(allowed).toMatchObject({ status: 200, body: { egressAllow: ['127.0.0.1/32'] } });
    // The consumer sees what an admin let it reach, and cannot change it.
    expect(await call('GET', `/api/v1/webhooks/${id}/egress-allow`, keys.ys)).toMatchObject({
      status: 200,
      body: { id, egressAllow: ['127.0.0.1/32'] },
    });
    expect(
      (await call('PATCH', `/api/v1/webhooks/${id}`, keys.ys, { url: target, active: true })).status,
    ).toBe(200);
    // Another loopback address stays refused for this webhook.
    expect(
      (await call('PATCH', `/api/v1/webhooks/${id}`, keys.ys, { url: 'http://127.0.0.3:9/' })).status,
    ).toBe(400);

    const item: AppealItemV1 = countyItem('f', 'sec-egress', ...YINGSHANG_STREETLIGHT);
    await publishJson(hub.kafka, hub.prefix, 'items', item.id, item);
    await waitFor(
      'the allowlisted loopback webhook to be delivered',
      () => local.at('/local').length >= 1,
      90000,
    );

    const entries = await hub.db.query<{
      actor: string;
      before: { egressAllow: string[] };
      after: { egressAllow: string[] };
    }>(
      `SELECT actor, before, after FROM audit_log WHERE entity = 'webhook' AND entity_id = $1 AND action = 'webhook.egress_allow'`,
      [id],
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: expect.stringMatching(/^key:/),
      before: { egressAllow: [] },
      after: { egressAllow: ['127.0.0.1/32'] },
    });
  });

  it('lets only an admin allowlist a loopback address for one connector instance; its check and pulls then reach it; audited', async () => {
    const id = 'hotline-egress';
    const api = (method: string, path: string, key: string, body?: unknown) =>
      call(method, `/api/v1/connectors/${id}${path}`, key, body);
    const created = await call('POST', '/api/v1/connectors', keys.operator, {
      id,
      type: 'hotline_12345',
      name: '12345',
      config: { baseUrl: hub.sim.url, token: hub.sim.token, pageSize: 5 },
      schedule: '0 0 1 1 *',
      enabled: true,
    });
    expect(created).toMatchObject({ status: 201, body: { egressAllow: [] } });
    expect(hub.sim.url).toMatch(/^http:\/\/127\.0\.0\.1:/);

    // Refused by the policy before any connection: the simulator is never asked.
    const asked = hub.sim.requestCount();
    const refused = await api('POST', '/check', keys.operator);
    expect(refused.body.ok).toBe(false);
    expect((refused.body.errors as { message: string }[])[0].message).toMatch(
      /^target_refused: GET http:\/\/127\.0\.0\.1:\d+ refused by the egress policy \(loopback\)/,
    );
    expect(hub.sim.requestCount()).toBe(asked);

    // Operators configure where an instance pulls from; widening where it may go is an admin's.
    expect((await api('PUT', '/egress-allow', keys.operator, { allow: ['127.0.0.1/32'] })).status).toBe(403);
    expect((await api('PUT', '/egress-allow', keys.ys, { allow: ['127.0.0.1/32'] })).status).toBe(403);
    expect((await api('GET', '/egress-allow', keys.ys)).status).toBe(403);
    for (const allow of [['0.0.0.0/0'], ['::/0'], ['0.0.0.0/4'], ['*.test'], ['127.0.0.1:8080']])
      expect([allow, await api('PUT', '/egress-allow', keys.admin, { allow })]).toMatchObject([
        allow,
        { status: 400, body: { code: 'invalid_allowlist' } },
      ]);
    expect(
      (await call('PUT', '/api/v1/connectors/nope/egress-allow', keys.admin, { allow: [] })).status,
    ).toBe(404);
    const allowed = await api('PUT', '/egress-allow', keys.admin, { allow: ['127.0.0.1/32', 'LocalHost.'] });
    expect(allowed).toMatchObject({ status: 200, body: { egressAllow: ['127.0.0.1/32', 'localhost'] } });
    expect(await api('GET', '/egress-allow', keys.operator)).toMatchObject({
      status: 200,
      body: { id, egressAllow: ['127.0.0.1/32', 'localhost'] },
    });

    const checked = await api('POST', '/check', keys.operator);
    expect(checked.body).toMatchObject({ ok: true, errors: [] });
    expect(hub.sim.requestCount()).toBeGreaterThan(asked);
    expect((await api('POST', '/run', keys.operator)).status).toBe(202);
    await waitFor(
      'a pull through the allowlist',
      async () =>
        (
          await hub.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM connector_runs WHERE connector_id = $1 AND status = 'succeeded' AND fetched > 0`,
            [id],
          )
        )[0].n > 0,
      30000,
    );

    const entries = await hub.db.query<{
      actor: string;
      before: { egressAllow: string[] };
      after: { egressAllow: string[] };
    }>(
      `SELECT actor, before, after FROM audit_log
        WHERE entity = 'connector_instance' AND entity_id = $1 AND action = 'connector.egress_allow'`,
      [id],
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: expect.stringMatching(/^key:/),
      before: { egressAllow: [] },
      after: { egressAllow: ['127.0.0.1/32', 'localhost'] },
    });

    // Taking the entry away closes the way again.
    expect((await api('PUT', '/egress-allow', keys.admin, { allow: [] })).status).toBe(200);
    const again = hub.sim.requestCount();
    expect((await api('POST', '/check', keys.operator)).body.ok).toBe(false);
    expect(hub.sim.requestCount()).toBe(again);
  });
});
