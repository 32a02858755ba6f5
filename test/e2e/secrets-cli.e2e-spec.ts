import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SecretBox } from '../../libs/shared/src/secrets';
import { createKey } from '../support/api-keys';
import { REPO } from '../support/paths';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const run = promisify(execFile);
const KEY_1 = 'first-secrets-key-for-the-cli-test';
const KEY_2 = 'second-secrets-key-for-the-cli-test';
const TOKEN = 'hotline-bearer-token-clear-0001';
const PUSH = 'push-channel-secret-clear-0002';
const HOOK = 'webhook-signing-secret-clear-0003';

/** `npm run secrets`: secrets stored before encryption at rest get sealed, and a SECRETS_KEY change is survivable. */
describe('secrets CLI', () => {
  let db: TestDatabase;

  const cli = (mode: string, env: Record<string, string>) =>
    run(process.execPath, [join(REPO, 'dist', 'scripts', 'secrets.js'), mode], {
      env: { ...process.env, DATABASE_URL: db.url, USER: 'ops-wang', LOG_LEVEL: 'silent', ...env },
    });
  const stored = async () => {
    const [c] = await db.query<{ token: string }>(
      `SELECT config->>'token' AS token FROM connector_instances`,
    );
    const [p] = await db.query<{ secret: string }>(`SELECT secret FROM push_channels`);
    const [w] = await db.query<{ secret: string }>(`SELECT secret FROM webhook_subscriptions`);
    return [c.token, p.secret, w.secret];
  };

  beforeAll(async () => {
    db = await createTestDatabase('secretscli');
    await db.query(
      `INSERT INTO connector_instances (id, type, name, config, schedule) VALUES ('legacy', 'hotline_12345', '旧热线', $1, '0 * * * * *')`,
      [JSON.stringify({ baseUrl: 'http://127.0.0.1:9', token: TOKEN, pageSize: 100 })],
    );
    await db.query(`INSERT INTO push_channels (channel, secret) VALUES ('miniapp_legacy', $1)`, [PUSH]);
    const key = await createKey(db, 'consumer', { counties: ['341226'] });
    await db.query(
      `INSERT INTO webhook_subscriptions (id, key_id, url, events, secret) VALUES ('wh_legacy', $1, 'https://example.org/h', '{ticket.routed}', $2)`,
      [key.split('_')[1], HOOK],
    );
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('seals every secret still stored in clear, audits it, prints no value, and is idempotent', async () => {
    const { stdout } = await cli('seal', { SECRETS_KEY: KEY_1 });
    expect(JSON.parse(stdout)).toMatchObject({ mode: 'seal', changed: 3 });
    for (const clear of [TOKEN, PUSH, HOOK]) expect(stdout).not.toContain(clear);
    const values = await stored();
    const box = new SecretBox(KEY_1);
    expect(values.map((v) => box.open(v))).toEqual([TOKEN, PUSH, HOOK]);
    for (const v of values) expect(v).toMatch(/^enc:v1:/);
    const entries = await db.query<{ actor: string; action: string; after: unknown }>(
      `SELECT actor, action, after FROM audit_log WHERE action = 'secrets.seal' ORDER BY entity`,
    );
    expect(entries.map((e) => e.actor)).toEqual(['cli:ops-wang', 'cli:ops-wang', 'cli:ops-wang']);
    expect(JSON.stringify(entries)).not.toMatch(/clear-000/);
    expect(JSON.parse((await cli('seal', { SECRETS_KEY: KEY_1 })).stdout)).toMatchObject({ changed: 0 });
  });

  it('refuses a reseal with the wrong previous key and changes nothing', async () => {
    const before = await stored();
    await expect(
      cli('reseal', { SECRETS_KEY: KEY_2, SECRETS_KEY_PREVIOUS: 'not-the-previous-key-at-all' }),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('cannot be decrypted') });
    expect(await stored()).toEqual(before);
  });

  it('re-seals everything under a new key, after which the old key opens nothing', async () => {
    const { stdout } = await cli('reseal', { SECRETS_KEY: KEY_2, SECRETS_KEY_PREVIOUS: KEY_1 });
    expect(JSON.parse(stdout)).toMatchObject({ mode: 'reseal', changed: 3 });
    const values = await stored();
    expect(values.map((v) => new SecretBox(KEY_2).open(v))).toEqual([TOKEN, PUSH, HOOK]);
    for (const v of values) expect(() => new SecretBox(KEY_1).open(v)).toThrow(/cannot be decrypted/);
  });
});
