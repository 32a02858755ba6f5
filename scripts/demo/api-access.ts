import { type Client } from 'pg';
import { newKeyMaterial } from '../../libs/shared/src/keys';
import { type SampleTicket } from './summary';
import { detail, green, red } from './ui';

async function insertKey(client: Client, name: string, role: string, counties: string[]): Promise<string> {
  const m = newKeyMaterial();
  await client.query(
    `INSERT INTO api_keys (id, name, role, secret_hash, counties, created_by) VALUES ($1, $2, $3, $4, $5, 'demo')`,
    [m.id, name, role, m.secretHash, counties],
  );
  return m.key;
}

/**
 * Nothing in the gateway answers without a key, so the demo makes two (as `npm run keys -- create` would): an admin
 * key and a consumer key scoped to the sample ticket's county, and shows the API refusing and then serving.
 */
export async function showApiAccess(client: Client, gatewayUrl: string, t: SampleTicket): Promise<boolean> {
  const admin = await insertKey(client, 'demo-admin', 'admin', []);
  const consumer = await insertKey(client, `demo-consumer-${t.countyCode ?? 'city'}`, 'consumer', [
    t.countyCode ?? '341200',
  ]);
  const url = `${gatewayUrl}/api/v1/tickets/${t.id}`;
  const anonymous = await fetch(url);
  const scoped = await fetch(url, { headers: { authorization: `Bearer ${consumer}` } });
  const ok = anonymous.status === 401 && scoped.status === 200;
  detail(
    `without a key → ${anonymous.status}; with a consumer key for ${t.countyName ?? 'the city'} → ${scoped.status}`,
  );
  detail(
    ok ? green('the gateway serves the ticket only to a key that may see it') : red('unexpected answers'),
  );
  console.log();
  detail(`curl -H 'Authorization: Bearer ${consumer}' ${url}`);
  detail(`curl -H 'Authorization: Bearer ${admin}' ${gatewayUrl}/api/v1/keys`);
  detail(`API reference: ${gatewayUrl}/docs`);
  // The web console (decision 027): built by npm run build, signed in with the admin key printed here.
  const consoleUp = (await fetch(`${gatewayUrl}/console/`)).status === 200;
  console.log();
  detail(
    `web console: ${gatewayUrl}/console/ ${consoleUp ? '' : red('(not served: is dist/console built?)')}`,
  );
  detail(`sign in with the admin key ${admin}`);
  return ok && consoleUp;
}
