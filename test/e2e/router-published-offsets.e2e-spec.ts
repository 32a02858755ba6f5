import { topicName } from '../../libs/shared/src/contracts';
import { itemsFromOrders } from '../fixtures/items-from-orders';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { Collector, waitFor } from '../support/kafka-helpers';

/**
 * Decision 039: a partition's new owner can read the group's offset stale (kafkajs has no KIP-447 stable fetch),
 * most easily around a broker failover. The router's own record of what it committed is then the one it trusts:
 * here the group's offsets are rewound to 0 outright, and nothing already published comes out again.
 */
describe('router: its own record of committed chunks outranks a stale group offset', () => {
  const items = itemsFromOrders(350, 39);
  let hub: HubFixture;
  let collector: Collector;

  const publish = async (from: number, to: number) => {
    const producer = hub.kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({
      topic: topicName('items', hub.prefix),
      messages: items.slice(from, to).map((item) => ({ key: item.id, value: JSON.stringify(item) })),
    });
    await producer.disconnect();
  };
  const distinct = () => new Set(collector.messages.map((m) => m.key)).size;

  beforeAll(async () => {
    hub = await startHub('pubofs');
    collector = new Collector(hub.kafka, hub.prefix, ['routed', 'triage']);
    await collector.start();
  });

  afterAll(async () => {
    await collector?.stop();
    await hub?.close();
  });

  it('records each committed chunk, and skips what it records when the group offset is behind', async () => {
    await publish(0, 300);
    await hub.apps.router.start();
    await waitFor('300 tickets', () => distinct() >= 300, 120000);
    await hub.apps.router.kill('SIGTERM');

    const groupId = `${hub.prefix}minsheng-router`;
    const topic = topicName('items', hub.prefix);
    const recorded = await hub.db.query<{ partition: number; next_offset: string }>(
      `SELECT partition, next_offset FROM router_published WHERE group_id = $1 AND topic = $2 ORDER BY partition`,
      [groupId, topic],
    );
    const admin = hub.kafka.admin();
    await admin.connect();
    try {
      const [group] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const committed = group.partitions.filter((p) => Number(p.offset) > 0);
      // The same positions as the group's own offsets, partition by partition.
      expect(recorded.map((r) => [r.partition, Number(r.next_offset)])).toEqual(
        committed.sort((a, b) => a.partition - b.partition).map((p) => [p.partition, Number(p.offset)]),
      );
      expect(recorded.reduce((sum, r) => sum + Number(r.next_offset), 0)).toBe(300);

      // A stale read, made permanent: every partition's group offset back at the start.
      await admin.setOffsets({
        groupId,
        topic,
        partitions: group.partitions.map((p) => ({ partition: p.partition, offset: '0' })),
      });
    } finally {
      await admin.disconnect();
    }

    await hub.apps.router.start(60000, 'the group offset was behind');
    await publish(300, 350);
    await waitFor('350 tickets', () => distinct() >= 350, 120000);
    await new Promise((r) => setTimeout(r, 2000));
    // Without the router's record, the 300 stored decisions would have been published a second time.
    expect(collector.messages).toHaveLength(350);
  });
});
