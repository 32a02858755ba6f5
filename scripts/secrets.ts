import { type EntityManager } from 'typeorm';
import { ConnectorRegistry } from '../libs/connector-types/src/connector-registry';
import { sealSecrets, secretPaths } from '../libs/connector-sdk/src/secret-fields';
import { loadConfig } from '../libs/shared/src/config';
import { createDataSource } from '../libs/shared/src/db';
import { audit } from '../libs/shared/src/audit';
import { isSealed, type SecretBox, secretBoxOf } from '../libs/shared/src/secrets';

const USAGE = `usage: npm run -s secrets -- seal | reseal
  seal    encrypts every connector, push channel and webhook secret still stored in clear (from before encryption
          at rest) under SECRETS_KEY
  reseal  re-encrypts every stored secret under SECRETS_KEY; run it after changing the key, with the old one in
          SECRETS_KEY_PREVIOUS, then remove SECRETS_KEY_PREVIOUS
Each change is audited; no value is printed.`;

type Json = Record<string, unknown>;

/** Every sealed string in a config, re-sealed: a connector config may hold secrets below any depth. */
function resealDeep(value: unknown, box: SecretBox): unknown {
  if (isSealed(value)) return box.seal(box.open(value));
  if (Array.isArray(value)) return value.map((v) => resealDeep(v, box));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resealDeep(v, box)]));
  return value;
}

interface Change {
  entity: string;
  id: string;
}

async function connectorConfigs(
  tx: EntityManager,
  box: SecretBox,
  mode: 'seal' | 'reseal',
): Promise<Change[]> {
  const registry = new ConnectorRegistry();
  const rows = await tx.query<{ id: string; type: string; config: Json }[]>(
    `SELECT id, type, config FROM connector_instances ORDER BY id FOR UPDATE`,
  );
  const changed: Change[] = [];
  for (const row of rows) {
    const next =
      mode === 'seal'
        ? sealSecrets(row.config, secretPaths(registry.get(row.type).configSchema), (c) => box.seal(c))
        : (resealDeep(row.config, box) as Json);
    if (JSON.stringify(next) === JSON.stringify(row.config)) continue;
    await tx.query(
      `UPDATE connector_instances SET config = $2, version = version + 1, updated_at = now() WHERE id = $1`,
      [row.id, JSON.stringify(next)],
    );
    changed.push({ entity: 'connector_instance', id: row.id });
  }
  return changed;
}

async function secretColumn(
  tx: EntityManager,
  box: SecretBox,
  mode: 'seal' | 'reseal',
  table: 'push_channels' | 'webhook_subscriptions',
  key: 'channel' | 'id',
): Promise<Change[]> {
  const rows = await tx.query<{ id: string; secret: string }[]>(
    `SELECT ${key}::text AS id, secret FROM ${table} ORDER BY ${key} FOR UPDATE`,
  );
  const changed: Change[] = [];
  for (const row of rows) {
    if (mode === 'seal' && isSealed(row.secret)) continue;
    if (mode === 'reseal' && !isSealed(row.secret)) continue;
    await tx.query(`UPDATE ${table} SET secret = $2 WHERE ${key}::text = $1`, [
      row.id,
      box.seal(box.open(row.secret)),
    ]);
    changed.push({ entity: table === 'push_channels' ? 'push_channel' : 'webhook_subscription', id: row.id });
  }
  return changed;
}

async function main(): Promise<number> {
  const mode = process.argv[2];
  if (mode !== 'seal' && mode !== 'reseal') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const box = secretBoxOf(config);
  const actor = `cli:${process.env.USER ?? 'unknown'}`;
  const db = createDataSource(config.DATABASE_URL, { applicationName: 'minsheng-secrets' });
  await db.initialize();
  try {
    // One transaction: a wrong SECRETS_KEY_PREVIOUS fails the whole run and leaves every value as it was.
    const changes = await db.transaction(async (tx) => {
      const all = [
        ...(await connectorConfigs(tx, box, mode)),
        ...(await secretColumn(tx, box, mode, 'push_channels', 'channel')),
        ...(await secretColumn(tx, box, mode, 'webhook_subscriptions', 'id')),
      ];
      for (const c of all)
        await audit(tx, {
          actor,
          action: `secrets.${mode}`,
          entity: c.entity,
          entityId: c.id,
          before: { secrets: mode === 'seal' ? 'clear' : 'sealed' },
          after: { secrets: 'sealed under the current SECRETS_KEY' },
        });
      return all;
    });
    process.stdout.write(`${JSON.stringify({ mode, changed: changes.length, items: changes })}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    await db.destroy();
  }
}

void main().then((code) => process.exit(code));
