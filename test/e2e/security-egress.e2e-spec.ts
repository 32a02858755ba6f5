import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppealItemV1 } from '../../libs/shared/src/contracts';
import { createKey } from '../support/api-keys';
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
  let dir: string;
  let resolverFile: string;
  const keys: Record<'ys' | 'admin', string> = {} as never;
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
    await Promise.all([hub.apps.gateway.start(), hub.apps.router.start()]);
    base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
    keys.ys = await createKey(hub.db, 'consumer', { name: '颍上县分平台', counties: [YINGSHANG] });
    keys.admin = await createKey(hub.db, 'admin');
  });

  afterAll(async () => {
    await receiver?.close();
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
    const third = await call('POST', path, keys.ys);
    expect(third).toMatchObject({ status: 429, body: { code: 'redeliver_rate_limited' } });
  });

  it('lets only an admin allowlist a range for one webhook, audited', async () => {
    const created = await call('POST', '/api/v1/webhooks', keys.ys, {
      url: receiver.url('/ok'),
      active: false,
    });
    const id = (created.body.subscription as { id: string }).id;
    const target = 'http://127.0.0.3:9/x';
    expect((await call('PATCH', `/api/v1/webhooks/${id}`, keys.ys, { url: target })).status).toBe(400);
    expect(
      (await call('PUT', `/api/v1/webhooks/${id}/egress-allow`, keys.ys, { allow: ['127.0.0.3/32'] })).status,
    ).toBe(403);
    expect(
      (await call('PUT', `/api/v1/webhooks/${id}/egress-allow`, keys.admin, { allow: ['not a range!'] }))
        .status,
    ).toBe(400);
    const allowed = await call('PUT', `/api/v1/webhooks/${id}/egress-allow`, keys.admin, {
      allow: ['127.0.0.3/32'],
    });
    expect(allowed).toMatchObject({ status: 200, body: { egressAllow: ['127.0.0.3/32'] } });
    expect((await call('PATCH', `/api/v1/webhooks/${id}`, keys.ys, { url: target })).status).toBe(200);
    // Another range stays refused for this webhook.
    expect(
      (await call('PATCH', `/api/v1/webhooks/${id}`, keys.ys, { url: 'http://127.0.0.1:9/' })).status,
    ).toBe(400);
    const [entry] = await hub.db.query<{ action: string; after: { egressAllow: string[] } }>(
      `SELECT action, after FROM audit_log WHERE entity = 'webhook' AND entity_id = $1 AND action = 'webhook.egress_allow'`,
      [id],
    );
    expect(entry.after.egressAllow).toEqual(['127.0.0.3/32']);
  });
});
