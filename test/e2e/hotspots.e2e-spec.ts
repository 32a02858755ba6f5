import { type Producer } from 'kafkajs';
import pino from 'pino';
import { type DataSource } from 'typeorm';
import { OutboxRelay } from '../../apps/connectors/src/outbox/outbox-relay';
import { routeItem, seedRoutingContext, ReferenceDataRepository } from '../../libs/routing/src';
import { formatDay, shanghaiDay } from '../../libs/routing/src/calendar';
import { DEFAULT_HOTSPOT_SETTINGS, HotspotJob, HotspotsRepository } from '../../libs/routing/src/hotspots';
import { type HotspotEventV1, type RoutedTicketV1 } from '../../libs/shared/src/contracts';
import { createDataSource } from '../../libs/shared/src/db';
import { OutboxRepository } from '../../libs/shared/src/ingest';
import { sampleItem } from '../fixtures/appeal-item';
import { bearer, createKey } from '../support/api-keys';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { Collector, waitFor } from '../support/kafka-helpers';
import { seedTickets } from '../support/seed-tickets';
import { startWebhookReceiver } from '../support/webhook-receiver';

const DAY = 86_400_000;
const YINGZHOU = { county: '341202', town: '341202001', name: '颍州区' };
const LINQUAN = { county: '341221', town: '341221100', name: '临泉县' };

let serial = 0;
/** A routed 物业 ticket (tag property, lead housing) submitted at `at` in `place`. */
function propertyTicket(at: Date, place: typeof YINGZHOU, title = '幸福小区物业不作为'): RoutedTicketV1 {
  serial += 1;
  const id = `ap_${serial.toString(16).padStart(32, '0')}`;
  const item = sampleItem({
    id,
    traceId: `trace-hs-${serial}`,
    title,
    submittedAt: at.toISOString(),
    receivedAt: at.toISOString(),
  });
  const base = routeItem(item, seedRoutingContext(), at);
  return {
    schemaVersion: 1,
    item,
    decisionRevision: 1,
    decision: {
      ...base,
      mode: 'auto',
      reason: undefined,
      jurisdiction: {
        ...base.jurisdiction,
        county: place.name,
        codes: { county: place.county, town: place.town },
      },
      lead: {
        department: 'housing-construction',
        unitName: `${place.name}住房和城乡建设局`,
        level: 'county',
      },
      co: [],
      tags: ['property'],
    },
  };
}

/**
 * 热点 on the real PostgreSQL and Kafka with the clock injected: a fortnight of ordinary 物业 complaints, then today
 * fifteen in 颍州区 by mid-morning. One detection pass records the hotspot (tag property in 颍州区, county and town),
 * publishes it on appeal.hotspots.v1, the API lists it in scope and a subscription gets its webhook; a second pass,
 * and a second job beside it, add nothing.
 */
describe('hotspots (热点): detection, Kafka, API and webhooks', () => {
  let hub: HubFixture;
  let producer: Producer;
  let relay: OutboxRelay;
  let collector: Collector;
  const sources: DataSource[] = [];
  // Today by the wall clock: subscriptions hear of what is detected after they were made.
  const today = shanghaiDay(new Date());
  const startOfToday = Date.parse(`${formatDay(today)}T00:00:00+08:00`);

  const job = async () => {
    const ds = createDataSource(hub.db.url, { poolSize: 2 });
    await ds.initialize();
    sources.push(ds);
    const reference = new ReferenceDataRepository(ds);
    return new HotspotJob(
      new HotspotsRepository(ds),
      () => reference.loadCalendar(),
      DEFAULT_HOTSPOT_SETTINGS,
    );
  };

  beforeAll(async () => {
    hub = await startHub('hotspots', { env: { WEBHOOKS_POLL_MS: '100' } });
    const tickets: RoutedTicketV1[] = [];
    for (let d = 14; d >= 1; d -= 1) {
      const at = new Date(startOfToday - d * DAY + 9 * 3_600_000);
      tickets.push(propertyTicket(at, YINGZHOU), propertyTicket(at, LINQUAN));
      if (d % 2) tickets.push(propertyTicket(new Date(at.getTime() + 3_600_000), YINGZHOU));
    }
    for (let i = 0; i < 15; i += 1)
      tickets.push(
        propertyTicket(new Date(startOfToday + 3_600_000 + i * 60_000), YINGZHOU, `翰林苑物业乱收费${i}号楼`),
      );
    tickets.push(propertyTicket(new Date(startOfToday + 3_600_000), LINQUAN));
    await seedTickets(
      hub.db,
      tickets.map((ticket) => ({ ticket })),
    );
    producer = hub.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const ds = createDataSource(hub.db.url, { poolSize: 2 });
    await ds.initialize();
    sources.push(ds);
    relay = new OutboxRelay(
      new OutboxRepository(ds),
      producer,
      { batchSize: 100, pollMs: 100, topicPrefix: hub.prefix },
      pino({ level: 'silent' }),
    );
    collector = new Collector(hub.kafka, hub.prefix, ['hotspots']);
    await collector.start();
    await hub.apps.gateway.start();
  });

  afterAll(async () => {
    await collector?.stop();
    await producer?.disconnect();
    for (const s of sources) if (s.isInitialized) await s.destroy();
    await hub?.close();
  });

  it('records the rise once, publishes it, lists it in scope and delivers its webhook', async () => {
    const base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
    const receiver = await startWebhookReceiver({ '/yz': () => 200, '/lq': () => 200 });
    try {
      const yz = await createKey(hub.db, 'consumer', { name: 'yz', counties: ['341202'] });
      const lq = await createKey(hub.db, 'consumer', { name: 'lq', counties: ['341221'] });
      for (const [key, path] of [
        [yz, '/yz'],
        [lq, '/lq'],
      ] as const) {
        const res = await fetch(`${base}/api/v1/webhooks`, {
          method: 'POST',
          headers: { ...bearer(key), 'content-type': 'application/json' },
          body: JSON.stringify({ url: receiver.url(path) }),
        });
        expect(res.status).toBe(201);
      }

      // The injected clock: now, and at least 10:00 Shanghai, when today's fifteen are in.
      const now = new Date(Math.max(Date.now(), startOfToday + 10 * 3_600_000));
      const [a, b] = [await job(), await job()];
      const [first, second] = await Promise.all([a.tick(now), b.tick(now)]);
      const recorded = [...first.recorded, ...second.recorded];
      expect(recorded.map((h) => `${h.topic.kind}:${h.topic.value}@${h.place.code}`).sort()).toEqual([
        'tag:property@341202',
        'tag:property@341202001',
      ]);
      const county = recorded.find((h) => h.place.level === 'county')!;
      expect(county).toMatchObject({
        day: formatDay(today),
        place: { code: '341202', name: '颍州区', countyCode: '341202' },
        rise: { observed: 15, spanDays: 1 },
      });
      expect(county.rise.expected).toBeLessThan(3);
      expect(county.rise.pValue).toBeLessThanOrEqual(county.rise.threshold);
      expect(county.samples).toHaveLength(5);
      expect(county.samples[0].title).toMatch(/翰林苑物业乱收费/);

      // Once: a second pass (and the job beside it) records nothing more.
      expect((await a.tick(new Date(now.getTime() + 60_000))).recorded).toEqual([]);
      const rows = await hub.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM hotspots`);
      expect(rows[0].n).toBe(2);

      while ((await relay.relayOnce()) > 0);
      await waitFor('hotspots on Kafka', () => collector.messages.length >= 2, 30000);
      await new Promise((r) => setTimeout(r, 1000));
      const published = collector.messages.map((m) => JSON.parse(m.value) as HotspotEventV1);
      expect(published.map((p) => p.eventId).sort()).toEqual(recorded.map((h) => h.eventId).sort());

      const get = async (path: string, key: string) => {
        const res = await fetch(`${base}${path}`, { headers: bearer(key) });
        return {
          status: res.status,
          body: (await res.json()) as { hotspots: HotspotEventV1[]; nextCursor: string | null },
        };
      };
      const admin = await createKey(hub.db, 'admin', { name: 'admin-hs' });
      const all = await get('/api/v1/hotspots?limit=1', admin);
      expect(all.status).toBe(200);
      expect(all.body.hotspots).toHaveLength(1);
      const next = await get(`/api/v1/hotspots?limit=1&cursor=${all.body.nextCursor}`, admin);
      expect([...all.body.hotspots, ...next.body.hotspots].map((h) => h.eventId).sort()).toEqual(
        recorded.map((h) => h.eventId).sort(),
      );
      expect(next.body.nextCursor).toBeNull();
      expect((await get('/api/v1/hotspots', yz)).body.hotspots).toHaveLength(2);
      expect((await get('/api/v1/hotspots', lq)).body.hotspots).toEqual([]);
      expect((await get('/api/v1/hotspots?cursor=nonsense', admin)).status).toBe(400);

      await waitFor('two hotspot webhooks', () => receiver.at('/yz').length >= 2, 30000);
      await new Promise((r) => setTimeout(r, 1500));
      const bodies = receiver
        .at('/yz')
        .map(
          (h) =>
            JSON.parse(h.raw.toString('utf8')) as { event: string; eventId: string; hotspot: HotspotEventV1 },
        );
      expect(bodies.map((x) => x.event)).toEqual(['hotspot.detected', 'hotspot.detected']);
      expect(bodies.map((x) => x.hotspot.eventId).sort()).toEqual(recorded.map((h) => h.eventId).sort());
      expect(receiver.at('/lq')).toEqual([]);
    } finally {
      await receiver.close();
    }
  });
});
