import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bearer } from '../support/api-keys';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { REPO } from '../support/paths';

const run = promisify(execFile);

/** `npm run keys`: how the first admin key of an installation is made, before any key exists to call the API with. */
describe('keys CLI', () => {
  let hub: HubFixture;
  let base: string;

  const cli = (...args: string[]) =>
    run(process.execPath, [join(REPO, 'dist', 'scripts', 'keys.js'), ...args], {
      env: { ...process.env, DATABASE_URL: hub.db.url, USER: 'ops-li', LOG_LEVEL: 'silent' },
    });

  beforeAll(async () => {
    hub = await startHub('keyscli', { createTopics: false });
    await hub.apps.gateway.start();
    base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('creates the first admin key, printed once on stdout, that the gateway accepts', async () => {
    const { stdout, stderr } = await cli('create', '--role', 'admin', '--name', 'platform admin');
    const key = stdout.trim();
    expect(key).toMatch(/^msk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(stderr).toContain('not shown again');
    const res = await fetch(`${base}/api/v1/keys`, { headers: bearer(key) });
    expect(res.status).toBe(200);
    const keys = (await res.json()) as { name: string; createdBy: string }[];
    expect(keys).toEqual([expect.objectContaining({ name: 'platform admin', createdBy: 'cli:ops-li' })]);
    const [row] = await hub.db.query<{ actor: string; action: string }>(
      `SELECT actor, action FROM audit_log WHERE entity = 'api_key'`,
    );
    expect(row).toEqual({ actor: 'cli:ops-li', action: 'key.create' });
  });

  it('refuses a consumer key without a scope, with exit code 2 and a reason', async () => {
    await expect(cli('create', '--role', 'consumer', '--name', 'no scope')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('a consumer key needs counties'),
    });
    await expect(cli('create', '--role', 'root', '--name', 'x')).rejects.toMatchObject({ code: 2 });
  });

  it('lists keys without secrets and revokes one, which the gateway then refuses', async () => {
    const key = (
      await cli('create', '--role', 'consumer', '--name', '临泉县', '--counties', '341221')
    ).stdout.trim();
    const id = key.split('_')[1];
    const listed = (await cli('list')).stdout;
    expect(listed).toContain(id);
    // The secret is everything after the id: base64url, so it may hold underscores of its own.
    expect(listed).not.toContain(key.split('_').slice(2).join('_'));
    await cli('revoke', id);
    const res = await fetch(`${base}/api/v1/tickets/ap_${'0'.repeat(32)}`, { headers: bearer(key) });
    expect(res.status).toBe(401);
  });
});
