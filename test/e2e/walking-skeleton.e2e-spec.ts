import { type RoutedTicketV1, routedTicketV1Schema, topicName } from '../../libs/shared/src/contracts';
import { appealId } from '../../libs/shared/src/ids';
import { generateWorkOrders } from '../simulator/hotline-orders';
import { bearer, createKey } from '../support/api-keys';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { Collector, countByKey, topicEndOffsets, waitFor } from '../support/kafka-helpers';

/** 500 work orders from the 12345 simulator through connectors → outbox → Kafka → router → routed/triage. */
describe('walking skeleton: one channel end to end on real Kafka and PostgreSQL', () => {
  const generated = generateWorkOrders(500);
  const expectedCounty = new Map(
    generated.map((g) => [appealId('hotline_12345', g.order.recordNo), g.expectedCountyCode]),
  );
  const clearPhone = new Map(
    generated.map((g) => [appealId('hotline_12345', g.order.recordNo), g.order.contactPhone]),
  );
  let hub: HubFixture;
  let collector: Collector;

  beforeAll(async () => {
    hub = await startHub('skeleton', { orders: generated.map((g) => g.order) });
    collector = new Collector(hub.kafka, hub.prefix, ['routed', 'triage']);
    await collector.start();
    await hub.apps.router.start();
    await hub.apps.gateway.start();
    await hub.addHotlineInstance({ schedule: '*/2 * * * * *' });
    await hub.apps.connectors.start();
    await waitFor(
      '500 routed or triaged tickets',
      () => new Set(collector.messages.map((m) => m.key)).size >= 500,
    );
  });

  afterAll(async () => {
    await collector?.stop();
    await hub?.close();
  });

  it('delivers every work order exactly once, with the expected county', () => {
    const perId = countByKey(collector.messages);
    expect(perId.size).toBe(500);
    expect([...perId.values()].every((n) => n === 1)).toBe(true);
    expect([...perId.keys()].sort()).toEqual([...expectedCounty.keys()].sort());

    for (const m of collector.messages) {
      const ticket: RoutedTicketV1 = routedTicketV1Schema.parse(JSON.parse(m.value));
      expect(ticket.item.id).toBe(m.key);
      expect(ticket.decision.jurisdiction.codes.county ?? null).toBe(expectedCounty.get(m.key));
      expect(m.topic).toBe(ticket.decision.mode === 'auto' ? 'routed' : 'triage');
      // No place: a person decides, unless the matter needs none (a policy question goes to the city unit).
      if (!expectedCounty.get(m.key)) {
        if (ticket.decision.mode === 'triage')
          expect(ticket.decision.reason).toMatch(/no_jurisdiction|no_department/);
        else expect(ticket.decision.lead?.level).toBe('city');
      }
      // A clear phone number never reaches Kafka.
      expect(m.value).not.toContain(clearPhone.get(m.key));
      expect(ticket.item.reporter.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
    }
    const routed = collector.messages.filter((m) => m.topic === 'routed').length;
    expect(routed).toBeGreaterThan(350);
  });

  it('stores exactly one decision per item', async () => {
    const [row] = await hub.db.query<{ decisions: string; items: string; distinct_items: string }>(
      `SELECT count(*) AS decisions, count(DISTINCT item_id) AS distinct_items, (SELECT count(*) FROM appeal_items) AS items FROM routing_decisions`,
    );
    expect(Number(row.decisions)).toBe(500);
    expect(Number(row.distinct_items)).toBe(500);
    expect(Number(row.items)).toBe(500);
  });

  it('publishes nothing on a second pull over the same data', async () => {
    const [{ last }] = await hub.db.query<{ last: string }>(`SELECT max(id) AS last FROM connector_runs`);
    const itemsBefore = await topicEndOffsets(hub.kafka, topicName('items', hub.prefix));
    expect(itemsBefore).toBe(500);
    await waitFor('two more pulls', async () => {
      const rows = await hub.db.query(`SELECT 1 FROM connector_runs WHERE id > $1 AND status = 'succeeded'`, [
        last,
      ]);
      return rows.length >= 2;
    });
    const later = await hub.db.query<{ emitted: number; fetched: number }>(
      `SELECT emitted, fetched FROM connector_runs WHERE id > $1 AND status = 'succeeded'`,
      [last],
    );
    expect(later.every((r) => r.emitted === 0)).toBe(true);
    expect(later.some((r) => r.fetched > 0)).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await topicEndOffsets(hub.kafka, topicName('items', hub.prefix))).toBe(itemsBefore);
    const [{ n }] = await hub.db.query<{ n: string }>(`SELECT count(*) AS n FROM outbox`);
    expect(Number(n)).toBe(500);
    expect(new Set(collector.messages.map((m) => m.key)).size).toBe(collector.messages.length);
  });

  it('serves health and tickets through the gateway', async () => {
    const base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      checks: { postgres: { status: 'up' }, kafka: { status: 'up' } },
    });

    const id = collector.messages.find((m) => m.topic === 'routed')?.key ?? '';
    const key = await createKey(hub.db, 'consumer');
    const res = await fetch(`${base}/api/v1/tickets/${id}`, { headers: bearer(key) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      id: string;
      status: string;
      ticket: RoutedTicketV1;
      revisions: unknown[];
    };
    expect(body.id).toBe(id);
    expect(body.status).toBe('routed');
    expect(body.ticket.decision.lead?.unitName).toMatch(/.+(局|委员会|中心|公司|运营商)$/);
    expect(body.revisions).toHaveLength(1);

    const missing = await fetch(`${base}/api/v1/tickets/ap_${'0'.repeat(32)}`, {
      headers: bearer(key, { 'x-correlation-id': 'test-corr-123' }),
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      code: 'not_found',
      message: expect.any(String),
      correlationId: 'test-corr-123',
    });
    const schema = await fetch(`${base}/schemas/appeal-item.v1.json`);
    expect(schema.status).toBe(200);
    expect(JSON.stringify(await schema.json())).toContain('AppealItemV1');
    const bad = await fetch(`${base}/api/v1/tickets/nope`, { headers: bearer(key) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'invalid_request', correlationId: expect.any(String) });
  });
});
