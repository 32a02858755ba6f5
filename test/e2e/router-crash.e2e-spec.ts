import { topicName } from '../../libs/shared/src/contracts';
import { itemsFromOrders } from '../fixtures/items-from-orders';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { Collector, waitFor } from '../support/kafka-helpers';

/** SIGKILL of the router during a 20,000-item run: one decision per item, no duplicate (id, decisionRevision) out. */
describe('router crash during a 20,000-item run', () => {
  const items = itemsFromOrders(20000, 31);
  let hub: HubFixture;
  let collector: Collector;

  const decisions = async () =>
    Number((await hub.db.query<{ n: string }>(`SELECT count(*) AS n FROM routing_decisions`))[0].n);

  beforeAll(async () => {
    hub = await startHub('routercrash');
    collector = new Collector(hub.kafka, hub.prefix, ['routed', 'triage']);
    await collector.start();
    const producer = hub.kafka.producer({ idempotent: true });
    await producer.connect();
    for (let i = 0; i < items.length; i += 1000) {
      await producer.send({
        topic: topicName('items', hub.prefix),
        messages: items.slice(i, i + 1000).map((item) => ({ key: item.id, value: JSON.stringify(item) })),
      });
    }
    await producer.disconnect();
  });

  afterAll(async () => {
    await collector?.stop();
    await hub?.close();
  });

  it('recovers without losing or doubling a decision', async () => {
    await hub.apps.router.start();
    await waitFor('the router to be mid-run', async () => (await decisions()) >= 3000, 120000, 50);
    await hub.apps.router.kill('SIGKILL');
    const atKill = await decisions();
    expect(atKill).toBeLessThan(20000);
    await hub.apps.router.start();
    await waitFor('every item decided', async () => (await decisions()) >= 20000, 240000, 500);
    await waitFor(
      'every ticket published',
      () => new Set(collector.messages.map((m) => m.key)).size >= 20000,
      120000,
    );
    await new Promise((r) => setTimeout(r, 2000));

    const [row] = await hub.db.query<{ n: string; items: string; multi: string }>(
      `SELECT count(*) AS n, count(DISTINCT item_id) AS items,
              (SELECT count(*) FROM (SELECT item_id FROM routing_decisions GROUP BY item_id HAVING count(*) > 1) x) AS multi
       FROM routing_decisions`,
    );
    expect(Number(row.n)).toBe(20000);
    expect(Number(row.items)).toBe(20000);
    expect(Number(row.multi)).toBe(0);
    const seen = new Map<string, number>();
    for (const m of collector.messages) {
      const { decisionRevision } = JSON.parse(m.value) as { decisionRevision: number };
      const key = `${m.key}#${decisionRevision}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect(seen.size).toBe(20000);
    expect([...seen.entries()].filter(([, n]) => n > 1)).toEqual([]);
  });
});
