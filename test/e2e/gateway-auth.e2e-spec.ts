import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ApiKeyRole, API_KEY_ROLES } from '../../libs/shared/src/db/entities/api-key.entity';
import { bearer, createKey, keysOfEveryRole } from '../support/api-keys';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { REPO } from '../support/paths';

interface Operation {
  'x-roles'?: ApiKeyRole[];
  'x-public'?: boolean;
}
const doc = JSON.parse(readFileSync(join(REPO, 'docs', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
};
const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
);
const PUSH_INTAKE = /^\/intake\//;
/** A syntactically plausible value for every path parameter, so the request reaches the guard and not a 404. */
const concrete = (path: string): string =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'id' ? `ap_${'0'.repeat(32)}` : `x-${name}`));

describe('gateway keys and roles', () => {
  let hub: HubFixture;
  let base: string;
  let keys: Record<ApiKeyRole, string>;

  const call = (method: string, path: string, key?: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: { ...(key ? bearer(key) : {}), 'content-type': 'application/json' },
      body: method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify(body ?? {}),
    });

  beforeAll(async () => {
    hub = await startHub('auth', { createTopics: false });
    await hub.apps.gateway.start();
    base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
    keys = await keysOfEveryRole(hub.db);
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('covers a real API (the walk below is not vacuous)', () => {
    expect(operations.length).toBeGreaterThan(8);
    expect(operations.filter((o) => !o.op['x-public']).length).toBeGreaterThan(4);
  });

  it('is open without a key only where the issue allows it: health, docs, schemas, the Open311 service list, sign-in', () => {
    const open = operations.filter((o) => o.op['x-public'] && !PUSH_INTAKE.test(o.path)).map((o) => o.path);
    expect(open.sort()).toEqual(
      [
        // A signed, short-lived link is its own credential (decision 021).
        '/api/v1/attachment-links/{attachmentId}',
        '/api/v1/session',
        '/health',
        '/health/live',
        '/health/ready',
        '/open311/discovery.json',
        '/open311/v2/services.json',
        '/schemas',
        '/schemas/{name}',
      ].sort(),
    );
  });

  it('answers 401 to every other operation without a key, and with a malformed or unknown key', async () => {
    const failures: string[] = [];
    // Push intake is public to API keys but not to the anonymous: it authenticates by the channel's signature.
    const guarded = operations.filter((o) => !o.op['x-public'] || PUSH_INTAKE.test(o.path));
    for (const { method, path } of guarded) {
      for (const key of [undefined, 'not-a-key', `msk_${'0'.repeat(16)}_${'A'.repeat(43)}`]) {
        const res = await call(method, concrete(path), key);
        const body = (await res.json()) as { code?: string; correlationId?: string };
        const expected = PUSH_INTAKE.test(path) ? 'bad_signature' : 'unauthorized';
        if (res.status !== 401 || body.code !== expected || !body.correlationId)
          failures.push(`${method} ${path} key=${key ?? 'none'} → ${res.status} ${body.code}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 to every non-public operation called with a key of a role it does not accept', async () => {
    const failures: string[] = [];
    for (const { method, path, op } of operations.filter((o) => !o.op['x-public'])) {
      const wrong = API_KEY_ROLES.filter((r) => !op['x-roles']?.includes(r));
      for (const role of wrong) {
        const res = await call(method, concrete(path), keys[role]);
        const body = (await res.json()) as { code?: string };
        if (res.status !== 403 || body.code !== 'forbidden')
          failures.push(`${method} ${path} as ${role} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('serves the public operations without a key', async () => {
    for (const path of [
      '/health',
      '/health/live',
      '/health/ready',
      '/metrics',
      '/schemas',
      '/docs/openapi.json',
    ]) {
      const res = await fetch(`${base}${path}`);
      expect([200, 503]).toContain(res.status);
    }
    const docs = await fetch(`${base}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
  });

  it('refuses expired keys and rate-limits per key with Retry-After', async () => {
    const expired = await createKey(hub.db, 'admin', { expiresAt: new Date(Date.now() - 1000) });
    expect((await call('GET', '/api/v1/keys', expired)).status).toBe(401);

    const slow = await createKey(hub.db, 'admin', { ratePerMinute: 3 });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const res = await call('GET', '/api/v1/keys', slow);
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers.get('retry-after');
        expect(((await res.json()) as { code: string }).code).toBe('rate_limited');
      }
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Another key is not slowed by the first one's limit.
    expect((await call('GET', '/api/v1/keys', keys.admin)).status).toBe(200);
  });

  it('creates a key shown once, lists keys without secrets, rotates with a grace period and revokes at once', async () => {
    const created = await call('POST', '/api/v1/keys', keys.admin, {
      name: '颍上县12345分平台',
      role: 'consumer',
      counties: ['341226'],
    });
    expect(created.status).toBe(201);
    const { key, view } = (await created.json()) as { key: string; view: { id: string; role: string } };
    expect(key).toMatch(/^msk_[0-9a-f]{16}_/);
    expect(view.role).toBe('consumer');
    expect((await call('GET', '/api/v1/tickets/ap_' + '0'.repeat(32), key)).status).toBe(404);

    const listed = await (await call('GET', '/api/v1/keys', keys.admin)).text();
    expect(listed).toContain(view.id);
    expect(listed).not.toContain(key.split('_')[2]);
    expect(listed).not.toMatch(/secret/i);
    const [row] = await hub.db.query<{ secret_hash: string }>(
      `SELECT secret_hash FROM api_keys WHERE id = $1`,
      [view.id],
    );
    expect(row.secret_hash).not.toContain(key.split('_')[2]);

    const bad = await call('POST', '/api/v1/keys', keys.admin, {
      name: 'x',
      role: 'consumer',
      counties: ['999999'],
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('invalid_key_request');
    const unscoped = await call('POST', '/api/v1/keys', keys.admin, { name: 'x', role: 'consumer' });
    expect(unscoped.status).toBe(400);

    const hook = await call('POST', '/api/v1/webhooks', key, {
      // Loopback is the one range the test mode allows (decision 022); nothing is sent to it here.
      url: 'http://127.0.0.1:9/hooks/minsheng',
    });
    expect(hook.status).toBe(201);
    const rotated = await call('POST', `/api/v1/keys/${view.id}/rotate`, keys.admin, { graceSeconds: 3600 });
    expect(rotated.status).toBe(201);
    const next = (await rotated.json()) as { key: string; view: { id: string; rotatedFrom: string } };
    expect(next.view.rotatedFrom).toBe(view.id);
    expect((await call('GET', '/api/v1/tickets/ap_' + '0'.repeat(32), key)).status).toBe(404);
    expect((await call('GET', '/api/v1/tickets/ap_' + '0'.repeat(32), next.key)).status).toBe(404);
    // The system's webhook subscription moved to its new key.
    expect(await (await call('GET', '/api/v1/webhooks', next.key)).text()).toContain(
      '127.0.0.1:9/hooks/minsheng',
    );

    expect((await call('DELETE', `/api/v1/keys/${view.id}`, keys.admin)).status).toBe(200);
    expect((await call('GET', '/api/v1/tickets/ap_' + '0'.repeat(32), key)).status).toBe(401);

    const audit = await call('GET', `/api/v1/audit?entity=api_key&entityId=${view.id}`, keys.auditor);
    const entries = ((await audit.json()) as { entries: { action: string; actor: string }[] }).entries;
    expect(entries.map((e) => e.action).sort()).toEqual([
      'key.create',
      'key.expire_for_rotation',
      'key.revoke',
    ]);
    expect(entries.every((e) => e.actor.startsWith('key:'))).toBe(true);
    // The move of the webhook is audited on the new key, naming the subscription that moved.
    const moved = await call('GET', `/api/v1/audit?entity=api_key&entityId=${next.view.id}`, keys.auditor);
    const moves = ((await moved.json()) as { entries: { action: string; after: unknown }[] }).entries.filter(
      (e) => e.action === 'key.move_webhooks',
    );
    const hookId = ((await hook.json()) as { subscription: { id: string } }).subscription.id;
    expect(moves.map((e) => e.after)).toEqual([{ keyId: next.view.id, subscriptions: [hookId] }]);
  });

  it('rejects an oversize body with 413 and the one error body', async () => {
    const res = await call('POST', '/api/v1/keys', keys.admin, {
      name: 'x'.repeat(2_000_000),
      role: 'admin',
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'payload_too_large', correlationId: expect.any(String) });
  });
});
