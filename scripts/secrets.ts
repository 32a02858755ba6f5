import { type EntityManager } from 'typeorm';
import { ConnectorDefinitions } from '../libs/connector-types/src/connector-registry';
import { sealSecrets, secretPaths } from '../libs/connector-sdk/src/secret-fields';
import { loadConfig } from '../libs/shared/src/config';
import { createDataSource } from '../libs/shared/src/db';
import { audit } from '../libs/shared/src/audit';
import { isSealed, type SecretBox, secretBoxOf } from '../libs/shared/src/secrets';
import { ConnectorInstancesRepository, PushChannelsRepository } from '../libs/shared/src/connectors-store';
import { WebhookSubscriptionsRepository } from '../libs/shared/src/webhooks';

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
  instances: ConnectorInstancesRepository,
  tx: EntityManager,
  box: SecretBox,
  mode: 'seal' | 'reseal',
): Promise<Change[]> {
  const registry = new ConnectorDefinitions();
  const rows = await instances.configsForUpdate(tx);
  const changed: Change[] = [];
  for (const row of rows) {
    const next =
      mode === 'seal'
        ? sealSecrets(row.config, secretPaths(registry.get(row.type).configSchema), (c) => box.seal(c))
        : (resealDeep(row.config, box) as Json);
    if (JSON.stringify(next) === JSON.stringify(row.config)) continue;
    await instances.replaceConfig(tx, row.id, next);
    changed.push({ entity: 'connector_instance', id: row.id });
  }
  return changed;
}

/** A table with one sealed secret per row. */
interface SecretColumn {
  secretsForUpdate(tx: EntityManager): Promise<{ id: string; secret: string }[]>;
  reseal(tx: EntityManager, id: string, sealedSecret: string): Promise<void>;
}

async function secretColumn(
  table: SecretColumn,
  entity: string,
  tx: EntityManager,
  box: SecretBox,
  mode: 'seal' | 'reseal',
): Promise<Change[]> {
  const changed: Change[] = [];
  for (const row of await table.secretsForUpdate(tx)) {
    if (mode === 'seal' && isSealed(row.secret)) continue;
    if (mode === 'reseal' && !isSealed(row.secret)) continue;
    await table.reseal(tx, row.id, box.seal(isSealed(row.secret) ? box.open(row.secret) : row.secret));
    changed.push({ entity, id: row.id });
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
        ...(await connectorConfigs(new ConnectorInstancesRepository(db), tx, box, mode)),
        ...(await secretColumn(new PushChannelsRepository(db), 'push_channel', tx, box, mode)),
        ...(await secretColumn(
          new WebhookSubscriptionsRepository(db),
          'webhook_subscription',
          tx,
          box,
          mode,
        )),
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
