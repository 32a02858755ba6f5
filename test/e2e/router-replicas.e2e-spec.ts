import { type AppealItemV1, topicName } from '../../libs/shared/src/contracts';
import { itemsFromOrders } from '../fixtures/items-from-orders';
import { AppProcess } from '../support/app-process';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { Collector, waitFor } from '../support/kafka-helpers';

/**
 * Router replicas started with the default configuration (no ROUTER_INSTANCE_ID) share the items topic, and a
 * rebalance — a third replica joining, then one SIGKILLed mid-run — leaves every item decided once and published
 * once for a read_committed reader (decision 026: one transactional producer per input partition).
 */
describe('router replicas', () => {
  const items = itemsFromOrders(12000, 47);
  const [first, second] = [items.slice(0, 3000), items.slice(3000)];
  let hub: HubFixture;
  let collector: Collector;
  const replicas: AppProcess[] = [];

  const decisions = async () =>
    Number((await hub.db.query<{ n: string }>(`SELECT count(*) AS n FROM routing_decisions`))[0].n);

  /** At about `perSecond`, so that routing, the join and the kill overlap with items still arriving. */
  const produce = async (batch: AppealItemV1[], perSecond = Infinity) => {
    const producer = hub.kafka.producer({ idempotent: true });
    await producer.connect();
    for (let i = 0; i < batch.length; i += 500) {
      await producer.send({
        topic: topicName('items', hub.prefix),
        messages: batch.slice(i, i + 500).map((item) => ({ key: item.id, value: JSON.stringify(item) })),
      });
      if (perSecond < Infinity) await new Promise((r) => setTimeout(r, (500 / perSecond) * 1000));
    }
    await producer.disconnect();
  };

  /** The items partitions a replica was last assigned, from its "partitions assigned" log line. */
  const assigned = (replica: AppProcess): number[] => {
    const line = replica.lines.filter((l) => l.includes('"partitions assigned"')).pop();
    if (!line) return [];
    const { assignment } = JSON.parse(line) as { assignment: Record<string, number[]> };
    return assignment[topicName('items', hub.prefix)] ?? [];
  };

  const replica = () => {
    // The hub's environment has no ROUTER_INSTANCE_ID: every replica runs the default configuration.
    const r = new AppProcess('router', hub.env);
    replicas.push(r);
    return r;
  };

  beforeAll(async () => {
    hub = await startHub('routerreplicas');
    expect(hub.env.ROUTER_INSTANCE_ID).toBeUndefined();
    collector = new Collector(hub.kafka, hub.prefix, ['routed', 'triage']);
    await collector.start();
  });

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.kill('SIGTERM')));
    await collector?.stop();
    await hub?.close();
  });

  it('two default replicas split the partitions and both route', async () => {
    const [a, b] = [replica(), replica()];
    await Promise.all([a.start(), b.start()]);
    await waitFor(
      'the six items partitions split between the two',
      () => {
        const [pa, pb] = [assigned(a), assigned(b)];
        return (
          pa.length > 0 && pb.length > 0 && new Set([...pa, ...pb]).size === 6 && pa.length + pb.length === 6
        );
      },
      60000,
    );
    const ids = [a, b].map((r) => /"instanceId":"([^"]+)"/.exec(r.lines.join('\n'))?.[1]);
    expect(ids[0]).toBeDefined();
    expect(ids[0]).not.toBe(ids[1]);

    await produce(first);
    await waitFor('the first wave decided', async () => (await decisions()) >= first.length, 120000, 250);
    // Each replica took over (fenced) and committed on partitions of its own.
    for (const r of [a, b]) {
      const took = r.lines
        .filter((l) => l.includes('"partition taken over"'))
        .map((l) => JSON.parse(l) as { partition: number });
      expect(took.map((t) => t.partition).filter((p) => assigned(r).includes(p)).length).toBeGreaterThan(0);
    }
    const byPartition = await hub.db.query<{ p: number; n: string }>(
      `SELECT source_partition AS p, count(*) AS n FROM routing_decisions GROUP BY 1`,
    );
    expect(byPartition.map((r) => r.p).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    await waitFor('the first wave published', () => collector.messages.length >= first.length, 60000);
  });

  it('a third replica joins, one is SIGKILLed mid-run: every item decided and published exactly once', async () => {
    const [a] = replicas;
    const producing = produce(second, 1000);
    const before = await decisions();
    await waitFor('routing under way', async () => (await decisions()) >= before + 500, 60000, 50);
    const c = replica();
    await c.start();
    await waitFor('the third replica assigned', () => assigned(c).length > 0, 60000, 100);
    await a.kill('SIGKILL');
    expect(await decisions()).toBeLessThan(items.length);
    await producing;

    await waitFor('every item decided', async () => (await decisions()) >= items.length, 180000, 500);
    await waitFor(
      'every ticket published',
      () => new Set(collector.messages.map((m) => m.key)).size >= items.length,
      120000,
    );
    await new Promise((r) => setTimeout(r, 3000)); // a late duplicate would arrive here

    const [row] = await hub.db.query<{ n: string; items: string }>(
      `SELECT count(*) AS n, count(DISTINCT item_id) AS items FROM routing_decisions`,
    );
    expect(Number(row.n)).toBe(items.length);
    expect(Number(row.items)).toBe(items.length);
    // The collector's own group can rebalance on this busy host and read a record again: one record is one
    // publication, so records are counted by position; a second publication would sit at another offset.
    const records = new Map(collector.messages.map((m) => [`${m.topic}:${m.partition}:${m.offset}`, m]));
    const seen = new Map<string, number>();
    for (const m of records.values()) {
      const { decisionRevision } = JSON.parse(m.value) as { decisionRevision: number };
      seen.set(`${m.key}#${decisionRevision}`, (seen.get(`${m.key}#${decisionRevision}`) ?? 0) + 1);
    }
    expect([...seen.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect(seen.size).toBe(items.length);
    expect(records.size).toBe(items.length);
    // The replica that joined took partitions over (fencing their previous owners) and routed them.
    expect(c.lines.some((l) => l.includes('"partition taken over"'))).toBe(true);
  }, 420000);
});
