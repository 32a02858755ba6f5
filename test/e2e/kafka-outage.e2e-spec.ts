import { generateWorkOrders } from '../simulator/hotline-orders';
import { DedicatedKafka } from '../support/dedicated-kafka';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { Collector, countByKey, waitFor } from '../support/kafka-helpers';

/** Kafka stopped while the connector pulls: items wait in the outbox, then all arrive once, when Kafka is back. */
describe('Kafka outage', () => {
  const kafka = new DedicatedKafka(19092, 19093);
  let hub: HubFixture;
  let collector: Collector;

  const count = async (sql: string) => Number((await hub.db.query<{ n: string }>(sql))[0].n);

  beforeAll(async () => {
    await kafka.up();
    hub = await startHub('outage', {
      orders: generateWorkOrders(500, 4242).map((g) => g.order),
      brokers: kafka.brokers,
    });
    collector = new Collector(hub.kafka, hub.prefix, ['routed', 'triage']);
    await collector.start();
    await hub.apps.router.start();
  });

  afterAll(async () => {
    await collector?.stop().catch(() => undefined);
    await hub?.close();
    await kafka.destroy();
  });

  it('keeps pulling into the outbox while Kafka is down and delivers everything exactly once after', async () => {
    await kafka.down();
    await hub.addHotlineInstance({ schedule: '*/2 * * * * *' });
    await hub.apps.connectors.start();

    await waitFor(
      'a complete pull while Kafka is down',
      async () => (await count(`SELECT count(*) AS n FROM connector_runs WHERE status = 'succeeded'`)) >= 1,
      60000,
    );
    expect(await count(`SELECT count(*) AS n FROM appeal_items`)).toBe(500);
    await waitFor(
      'the relay to notice',
      () => hub.apps.connectors.lines.some((l) => l.includes('outbox relay cannot publish')),
      60000,
    );
    expect(await count(`SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL`)).toBe(500);
    expect(collector.messages).toHaveLength(0);

    await kafka.up();
    await waitFor(
      'all 500 after Kafka is back',
      () => new Set(collector.messages.map((m) => m.key)).size >= 500,
      180000,
    );
    await new Promise((r) => setTimeout(r, 2000));

    const perId = countByKey(collector.messages);
    expect(perId.size).toBe(500);
    expect([...perId.values()].every((n) => n === 1)).toBe(true);
    expect(await count(`SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL`)).toBe(0);
    expect(hub.apps.connectors.lines.some((l) => l.includes('outbox relay recovered'))).toBe(true);
    expect(await count(`SELECT count(*) AS n FROM routing_decisions`)).toBe(500);
  });
});
