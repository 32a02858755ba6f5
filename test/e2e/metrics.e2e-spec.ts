import { generateWorkOrders } from '../simulator/hotline-orders';
import { bearer, createKey } from '../support/api-keys';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { type AppName } from '../support/app-process';
import { Collector, waitFor } from '../support/kafka-helpers';
import { promtoolCheck, scrape, type Scrape } from '../support/scrape';

const ITEMS = 60;
const APPS: AppName[] = ['gateway', 'connectors', 'router'];

/** The runbook's contract (docs/runbook.md, "Metrics the alerts read"): which app serves which metric, of which type. */
const SERVED: Record<AppName, Record<string, string>> = {
  gateway: {
    minsheng_intake_items_pushed_total: 'counter',
    minsheng_webhook_deliveries_pending: 'gauge',
    minsheng_webhook_deliveries_total: 'counter',
    minsheng_webhook_delivery_duration_seconds: 'histogram',
    minsheng_gateway_requests_total: 'counter',
    minsheng_gateway_request_duration_seconds: 'histogram',
    minsheng_gateway_rate_limited_total: 'counter',
    minsheng_triage_queue_items: 'gauge',
    minsheng_triage_oldest_waiting_seconds: 'gauge',
  },
  connectors: {
    minsheng_outbox_unsent_messages: 'gauge',
    minsheng_outbox_oldest_unsent_seconds: 'gauge',
    minsheng_connector_items_pulled_total: 'counter',
    minsheng_connector_state: 'gauge',
    minsheng_connector_last_success_age_seconds: 'gauge',
    minsheng_fetch_circuit_open: 'gauge',
    minsheng_fetch_duration_seconds: 'histogram',
    minsheng_dlq_messages_total: 'counter',
  },
  router: {
    minsheng_router_decisions_total: 'counter',
    minsheng_router_chunk_duration_seconds: 'histogram',
    minsheng_router_consumer_lag_messages: 'gauge',
    minsheng_rules_published_version: 'gauge',
    minsheng_dlq_messages_total: 'counter',
  },
};

/** A flow through all three apps, scraped before and after: the named series move, and promtool accepts each scrape. */
describe('metrics: /metrics of gateway, connectors and router during a flow', () => {
  let hub: HubFixture;
  let collector: Collector;
  const urls = {} as Record<AppName, string>;
  const before = {} as Record<AppName, Scrape>;
  const after = {} as Record<AppName, Scrape>;
  let ticketId = '';

  beforeAll(async () => {
    hub = await startHub('metrics', { orders: generateWorkOrders(ITEMS).map((g) => g.order) });
    collector = new Collector(hub.kafka, hub.prefix, ['routed', 'triage']);
    await collector.start();
    for (const app of APPS) {
      await hub.apps[app].start();
      urls[app] = await hub.apps[app].httpUrl();
    }
    for (const app of APPS) before[app] = await scrape(urls[app]);

    await hub.addHotlineInstance({ schedule: '*/2 * * * * *' });
    await waitFor(`${ITEMS} tickets`, () => new Set(collector.messages.map((m) => m.key)).size >= ITEMS);
    ticketId = collector.messages[0].key;
    const key = await createKey(hub.db, 'consumer');
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${urls.gateway}/api/v1/tickets/${ticketId}`, { headers: bearer(key) });
      expect(res.status).toBe(200);
    }
    expect((await fetch(`${urls.gateway}/api/v1/tickets/${ticketId}`)).status).toBe(401);
    // The router's lag is the group's committed offsets against the partitions' ends; it reaches 0 once every
    // chunk is committed (the gauge is cached for 5 s).
    await waitFor(
      'router lag 0 on every partition of appeal.items.v1',
      async () => {
        after.router = await scrape(urls.router);
        const lag = after.router.find('minsheng_router_consumer_lag_messages', {
          topic: `${hub.prefix}appeal.items.v1`,
        });
        return lag.length === 6 && lag.every((s) => s.value === 0);
      },
      30_000,
      1000,
    );
    // Gauges read from PostgreSQL are cached for 5 s: scraped until they show the flow's state.
    const triaged = new Set(collector.messages.filter((m) => m.topic === 'triage').map((m) => m.key)).size;
    await waitFor(
      'the triage gauge',
      async () => {
        after.gateway = await scrape(urls.gateway);
        return after.gateway.find('minsheng_triage_queue_items')[0]?.value === triaged;
      },
      30_000,
      1000,
    );
    await waitFor(
      'the connector state gauge',
      async () => {
        after.connectors = await scrape(urls.connectors);
        return after.connectors.find('minsheng_connector_state', { instance: 'hotline-fy' }).length > 0;
      },
      30_000,
      1000,
    );
  });

  afterAll(async () => {
    await collector?.stop();
    await hub?.close();
  });

  it.each(APPS)('%s: promtool check metrics accepts the scrape, before and after', (app) => {
    for (const s of [before[app], after[app]]) {
      const check = promtoolCheck(s.text);
      expect({ app, out: check.out, status: check.status }).toEqual({ app, out: '', status: 0 });
    }
  });

  it.each(APPS)('%s: serves the metrics of the runbook with their types', (app) => {
    for (const [name, type] of Object.entries(SERVED[app]))
      expect([name, after[app].type(name)]).toEqual([name, type]);
    // The Node runtime's own series are there too, labelled with the app.
    expect(after[app].find('process_cpu_user_seconds_total', { app })).toHaveLength(1);
  });

  it('connectors: pulled items per channel and instance moved by what the simulator served', () => {
    const pulled = { channel: 'hotline_12345', instance: 'hotline-fy' };
    expect(before.connectors.sum('minsheng_connector_items_pulled_total', pulled)).toBe(0);
    expect(after.connectors.sum('minsheng_connector_items_pulled_total', pulled)).toBeGreaterThanOrEqual(
      ITEMS,
    );
    expect(
      after.connectors.sum('minsheng_fetch_duration_seconds_count', { channel: 'hotline_12345' }),
    ).toBeGreaterThan(0);
    expect(
      after.connectors.find('minsheng_connector_state', { instance: 'hotline-fy', state: 'running' })[0]
        ?.value,
    ).toBe(1);
    expect(after.connectors.sum('minsheng_connector_state', { instance: 'hotline-fy' })).toBe(1);
    expect(after.connectors.find('minsheng_outbox_unsent_messages')).toHaveLength(1);
  });

  it('router: one decision per item, chunks timed, the published rule set reported', () => {
    const decisions = (s: Scrape) => s.sum('minsheng_router_decisions_total');
    expect(decisions(before.router)).toBe(0);
    expect(decisions(after.router)).toBe(ITEMS);
    const modes = new Set(after.router.find('minsheng_router_decisions_total').map((s) => s.labels.mode));
    expect([...modes].every((m) => m === 'auto' || m === 'triage')).toBe(true);
    expect(after.router.sum('minsheng_router_chunk_duration_seconds_count')).toBeGreaterThan(0);
    expect(after.router.find('minsheng_rules_published_version')[0]?.value).toBeGreaterThanOrEqual(1);
    expect(
      after.router.find('minsheng_router_consumer_lag_messages', { topic: `${hub.prefix}appeal.feedback.v1` })
        .length,
    ).toBeGreaterThan(0);
  });

  it('gateway: requests counted by route template, never by raw path', () => {
    const route = { route: '/api/v1/tickets/:id', method: 'GET' };
    const count = (s: Scrape, status: string) =>
      s.sum('minsheng_gateway_requests_total', { ...route, status });
    expect(count(after.gateway, '200') - count(before.gateway, '200')).toBe(3);
    expect(count(after.gateway, '401') - count(before.gateway, '401')).toBe(1);
    expect(after.gateway.sum('minsheng_gateway_request_duration_seconds_count', route)).toBe(4);
    expect(after.gateway.text).not.toContain(ticketId);
    expect(before.gateway.find('minsheng_triage_queue_items')[0]?.value).toBe(0);
  });
});
