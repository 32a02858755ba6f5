import { type Client } from 'pg';

export const DEMO_CONNECTOR_ID = 'hotline-12345-fuyang';

/**
 * What the pipeline writes while it runs. Reference data (divisions, departments, calendars, rule sets) is
 * not listed: it comes from migrations and the router needs it.
 */
const RUNTIME_TABLES = [
  'connector_runs',
  'connector_cursors',
  'connector_instances',
  'raw_captures',
  'appeal_items',
  'appeal_item_heads',
  'outbox',
  'routing_decisions',
  'ticket_heads',
  'feedback_events',
  'item_fingerprints',
  'dead_letters',
  'webhook_deliveries',
  'webhook_subscriptions',
  'api_keys',
];

/**
 * The demo wipes runtime tables so every run shows the whole flow again. It only does so in a database that
 * holds nothing but its own connector: DATABASE_URL may point at somebody's real data.
 */
export async function resetDemoState(client: Client): Promise<void> {
  const others = await client.query<{ id: string }>(
    `(SELECT id FROM connector_instances WHERE id <> $1)
     UNION (SELECT DISTINCT connector_id FROM appeal_items WHERE connector_id <> $1) LIMIT 5`,
    [DEMO_CONNECTOR_ID],
  );
  if (others.rowCount) {
    throw new Error(
      `the database holds data of other connectors (${others.rows.map((r) => r.id).join(', ')}); the demo ` +
        `resets its tables and will not touch it — point DATABASE_URL at a database of its own, e.g. …/minsheng_demo`,
    );
  }
  await client.query(`TRUNCATE ${RUNTIME_TABLES.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY`);
}

export async function insertDemoConnector(
  client: Client,
  sim: { url: string; token: string },
): Promise<void> {
  await client.query(
    `INSERT INTO connector_instances (id, type, name, config, schedule) VALUES ($1, 'hotline_12345', $2, $3, $4)`,
    [
      DEMO_CONNECTOR_ID,
      '阜阳市12345热线工单',
      JSON.stringify({ baseUrl: sim.url, token: sim.token, pageSize: 100 }),
      // Every 5 s: the first pull starts within seconds of the connectors app being ready.
      '*/5 * * * * *',
    ],
  );
}
