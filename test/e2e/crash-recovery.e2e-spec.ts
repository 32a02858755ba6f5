import { generateWorkOrders } from '../simulator/hotline-orders';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { Collector, countByKey, waitFor } from '../support/kafka-helpers';

/** kill -9 of the connectors mid-pull, then of the router mid-flow: nothing lost, nothing doubled, by id. */
describe('crash recovery', () => {
  const orders = generateWorkOrders(500, 777).map((g) => g.order);
  let hub: HubFixture;
  let collector: Collector;

  const count = async (sql: string) => Number((await hub.db.query<{ n: string }>(sql))[0].n);

  beforeAll(async () => {
    hub = await startHub('crash', { orders });
    collector = new Collector(hub.kafka, hub.prefix, ['routed', 'triage']);
    await collector.start();
  });

  afterAll(async () => {
    await collector?.stop();
    await hub?.close();
  });

  it('SIGKILL of the connectors mid-pull and of the router mid-batch loses and duplicates nothing', async () => {
    // Small slow pages make the pull last several seconds, so the kill lands mid-pull.
    hub.sim.setFaults({ pageDelayMs: 120 });
    await hub.addHotlineInstance({ pageSize: 10, schedule: '*/1 * * * * *' });
    await hub.apps.router.start();
    await hub.apps.connectors.start();

    await waitFor(
      'the pull to be under way',
      async () => (await count(`SELECT count(*) AS n FROM appeal_items`)) >= 100,
      60000,
      20,
    );
    await hub.apps.connectors.kill('SIGKILL');
    const atKill = await count(`SELECT count(*) AS n FROM appeal_items`);
    expect(atKill).toBeLessThan(500);
    const [{ status }] = await hub.db.query<{ status: string }>(
      `SELECT status FROM connector_runs ORDER BY id DESC LIMIT 1`,
    );
    expect(status).toBe('running'); // killed mid-run: nothing got to mark it finished

    await hub.apps.connectors.start();
    await waitFor(
      'the router to be mid-flow',
      async () => (await count(`SELECT count(*) AS n FROM routing_decisions`)) >= atKill + 50,
      60000,
      20,
    );
    await hub.apps.router.kill('SIGKILL');
    expect(await count(`SELECT count(*) AS n FROM routing_decisions`)).toBeLessThan(500);
    await hub.apps.router.start();

    await waitFor(
      'all 500 work orders to come out',
      () => new Set(collector.messages.map((m) => m.key)).size >= 500,
      120000,
    );
    await new Promise((r) => setTimeout(r, 2000));

    const perId = countByKey(collector.messages);
    expect(perId.size).toBe(500);
    // A failure names each copy (where it sits, which decision) and the item's decisions and input copies.
    const twice = await Promise.all(
      [...perId.entries()]
        .filter(([, n]) => n !== 1)
        .map(async ([id]) => ({
          id,
          copies: collector.messages
            .filter((m) => m.key === id)
            .map((m) => {
              const t = JSON.parse(m.value) as { decisionRevision: number; decision: { mode: string } };
              return `${m.topic}:${m.partition}:${m.offset} rev ${t.decisionRevision} ${t.decision.mode}`;
            }),
          decisions: await hub.db.query(
            `SELECT decision_revision, source_partition, source_offset, created_at FROM routing_decisions
              WHERE item_id = $1`,
            [id],
          ),
          relayed: await hub.db.query(`SELECT id, sent_at FROM outbox WHERE message_key = $1`, [id]),
        })),
    );
    expect(twice).toEqual([]);
    expect(await count(`SELECT count(*) AS n FROM appeal_items`)).toBe(500);
    expect(await count(`SELECT count(*) AS n FROM appeal_items WHERE revision <> 1`)).toBe(0);
    expect(
      await count(`SELECT count(DISTINCT message_key) AS n FROM outbox WHERE topic = 'appeal.items.v1'`),
    ).toBe(500);
    expect(await count(`SELECT count(*) AS n FROM outbox WHERE topic = 'appeal.items.v1'`)).toBe(500);
    expect(await count(`SELECT count(*) AS n FROM routing_decisions`)).toBe(500);
  });
});
