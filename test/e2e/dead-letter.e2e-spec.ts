import { type DeadLetterV1, deadLetterV1Schema, topicName } from '../../libs/shared/src/contracts';
import { sampleItem } from '../fixtures/appeal-item';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { Collector, waitFor } from '../support/kafka-helpers';

const validItem = sampleItem({
  location: { addressText: '临泉县城关街道', precision: 'address', origin: 'citizen' },
});

/** A poison message lands in the DLQ with its reason and the partition moves on. */
describe('dead letters', () => {
  let hub: HubFixture;
  let collector: Collector;

  beforeAll(async () => {
    hub = await startHub('dlq');
    collector = new Collector(hub.kafka, hub.prefix, ['routed', 'triage', 'dlq']);
    await collector.start();
    await hub.apps.router.start();
  });

  afterAll(async () => {
    await collector?.stop();
    await hub?.close();
  });

  it('routes a valid item that follows malformed ones on the same partition', async () => {
    const producer = hub.kafka.producer();
    await producer.connect();
    const key = validItem.id;
    await producer.send({
      topic: topicName('items', hub.prefix),
      messages: [
        { key, value: '{"schemaVersion":1, truncated' },
        { key, value: JSON.stringify({ ...validItem, id: 'not-an-id', reporter: { phone: '13912345678' } }) },
        { key, value: JSON.stringify(validItem) },
      ],
    });
    await producer.disconnect();

    await waitFor('two dead letters and one ticket', () => collector.messages.length >= 3, 60000);
    const dead = collector.messages
      .filter((m) => m.topic === 'dlq')
      .map((m) => deadLetterV1Schema.parse(JSON.parse(m.value)));
    expect(dead.map((d: DeadLetterV1) => d.reasonCode).sort()).toEqual(['invalid_json', 'schema_invalid']);
    const invalid = dead.find((d) => d.reasonCode === 'schema_invalid');
    expect(invalid?.reason).toContain('id: id must be ap_');
    expect(invalid?.origin).toMatchObject({ topic: topicName('items', hub.prefix), key });

    const tickets = collector.messages.filter((m) => m.topic !== 'dlq');
    expect(tickets).toHaveLength(1);
    expect(tickets[0].key).toBe(validItem.id);
    const ticket = JSON.parse(tickets[0].value) as {
      decision: { lead?: { unitName: string }; jurisdiction: { codes: { county?: string } } };
    };
    expect(ticket.decision.jurisdiction.codes.county).toBe('341221');
    expect(ticket.decision.lead?.unitName).toBe('临泉县住房和城乡建设局');

    const rows = await hub.db.query<{ reason_code: string; offset: string }>(
      `SELECT reason_code, "offset" FROM dead_letters ORDER BY "offset"`,
    );
    expect(rows.map((r) => r.reason_code)).toEqual(['invalid_json', 'schema_invalid']);
  });
});
