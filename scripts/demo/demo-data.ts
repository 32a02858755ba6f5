import { type Client } from 'pg';
import { ConnectorInstancesRepository } from '../../libs/shared/src/connectors-store';
import { createDataSource } from '../../libs/shared/src/db';

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
  'console_sessions',
  'api_keys',
  'supervision_events',
  'hotspots',
  'ticket_ratings',
  'feedback_requests',
  'push_item_clocks',
  'item_attachments',
  'attachment_blobs',
  'model_versions',
  'stats_deltas',
  'stats_daily',
  'stats_rounds',
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

/** Through the connectors' repository, as the operator API would create it. */
export async function insertDemoConnector(
  databaseUrl: string,
  sim: { url: string; token: string },
): Promise<void> {
  const ds = createDataSource(databaseUrl, { applicationName: 'minsheng-demo', poolSize: 1 });
  await ds.initialize();
  try {
    const instances = new ConnectorInstancesRepository(ds);
    await instances.transaction((tx) =>
      instances.insert(tx, {
        id: DEMO_CONNECTOR_ID,
        type: 'hotline_12345',
        name: '阜阳市12345热线工单',
        config: { baseUrl: sim.url, token: sim.token, pageSize: 100 },
        // Every 5 s: the first pull starts within seconds of the connectors app being ready.
        schedule: '*/5 * * * * *',
        enabled: true,
      }),
    );
  } finally {
    await ds.destroy();
  }
}
