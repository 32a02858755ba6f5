import { type Producer } from 'kafkajs';
import pino from 'pino';
import { type DataSource } from 'typeorm';
import { OutboxRelay } from '../../apps/connectors/src/outbox/outbox-relay';
import { routeItem, seedRoutingContext, ReferenceDataRepository } from '../../libs/routing/src';
import { SupervisionRepository, SupervisionWatcher } from '../../libs/routing/src/supervision';
import { type RoutedTicketV1, type SupervisionEventV1 } from '../../libs/shared/src/contracts';
import { createDataSource } from '../../libs/shared/src/db';
import { OutboxRepository } from '../../libs/shared/src/ingest';
import { sampleItem } from '../fixtures/appeal-item';
import { bearer, createKey } from '../support/api-keys';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { Collector, waitFor } from '../support/kafka-helpers';
import { seedTickets } from '../support/seed-tickets';
import { startWebhookReceiver } from '../support/webhook-receiver';

const HOUR = 3_600_000;
const at = (s: string) => new Date(s);
const id = (n: number) => `ap_${String(n).padStart(32, '0')}`;

/** A routed ticket due at the end of `dueDay` (Shanghai), led by a county unit or a town office. */
function ticket(
  n: number,
  dueDay: string,
  level: 'county' | 'town',
  county: [string, string],
): RoutedTicketV1 {
  const item = sampleItem({ id: id(n), traceId: `trace-sup-${n}`, receivedAt: '2026-09-10T09:00:00+08:00' });
  const base = routeItem(item, seedRoutingContext(), new Date('2026-09-10T01:00:00Z'));
  return {
    schemaVersion: 1,
    item,
    decisionRevision: 1,
    decision: {
      ...base,
      mode: 'auto',
      reason: undefined,
      jurisdiction: { ...base.jurisdiction, county: county[1], codes: { county: county[0] } },
      lead: {
        department: 'housing',
        unitName: level === 'town' ? '慎城镇人民政府' : '颍州区住房和城乡建设局',
        level,
      },
      co: [],
      dueAt: `${dueDay}T23:59:59.999+08:00`,
    },
  };
}

/**
 * 督办 on the real PostgreSQL and Kafka, the clock injected: two watchers (two router replicas) look every six hours
 * from 18 September to 14 October 2026 — 中秋 and 国庆 holidays, the 调休 Sunday 20 September and Saturday 10 October —
 * one of them restarted halfway; each event is recorded and published exactly once at its working-day instant.
 */
describe('supervision (督办): due soon, overdue and escalation on the working calendar', () => {
  let hub: HubFixture;
  let producer: Producer;
  let relay: OutboxRelay;
  let collector: Collector;
  const sources: DataSource[] = [];
  const settings = {
    dueSoonWorkingDays: 2,
    escalateAfterWorkingDays: 2,
    cityOffice: '阜阳市人民政府督查室',
    // Pages of two: every pass pages through all the watched tickets.
    batchSize: 2,
  };
  const YINGZHOU: [string, string] = ['341202', '颍州区'];
  const YINGSHANG: [string, string] = ['341226', '颍上县'];

  const watcher = async () => {
    const ds = createDataSource(hub.db.url, { poolSize: 2 });
    await ds.initialize();
    sources.push(ds);
    const reference = new ReferenceDataRepository(ds);
    return {
      ds,
      watcher: new SupervisionWatcher(
        new SupervisionRepository(ds),
        () => reference.loadCalendar(),
        settings,
      ),
    };
  };

  beforeAll(async () => {
    hub = await startHub('supervision', {
      env: { WEBHOOKS_POLL_MS: '100' },
    });
    await seedTickets(hub.db, [
      // Due Thursday 8 October, the first working day after 国庆: due soon from Wednesday 30 September.
      { ticket: ticket(1, '2026-10-08', 'county', YINGZHOU) },
      // Due Monday 21 September: the 调休 Sunday before it is a working day, so due soon from that Sunday.
      { ticket: ticket(2, '2026-09-21', 'town', YINGSHANG) },
      // Closed before its deadline: never supervised.
      { ticket: ticket(3, '2026-09-22', 'county', YINGZHOU), status: 'closed' },
      // Accepted and due after the run: due soon only.
      { ticket: ticket(4, '2026-10-15', 'county', YINGSHANG), status: 'accepted' },
    ]);
    producer = hub.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    relay = new OutboxRelay(
      new OutboxRepository(sources[0] ?? (await watcher()).ds),
      producer,
      {
        batchSize: 100,
        pollMs: 100,
        topicPrefix: hub.prefix,
      },
      pino({ level: 'silent' }),
    );
    collector = new Collector(hub.kafka, hub.prefix, ['supervision']);
    await collector.start();
  });

  afterAll(async () => {
    await collector?.stop();
    await producer?.disconnect();
    for (const s of sources) if (s.isInitialized) await s.destroy();
    await hub?.close();
  });

  it('announces each event once, at its working-day instant, with two watchers and a restart', async () => {
    let a = await watcher();
    const b = await watcher();
    const start = at('2026-09-18T00:00:00+08:00').getTime();
    const end = at('2026-10-14T00:00:00+08:00').getTime();
    for (let t = start, step = 0; t <= end; t += 6 * HOUR, step += 1) {
      if (step === 40) {
        // Replica a dies mid-run (its pool closed); a new one takes its place.
        await a.ds.destroy();
        a = await watcher();
      }
      await Promise.all([a.watcher.tick(new Date(t)), b.watcher.tick(new Date(t))]);
    }
    const events = await hub.db.query<{ item_id: string; kind: string; at: Date; event: SupervisionEventV1 }>(
      `SELECT item_id, kind, at, event FROM supervision_events ORDER BY item_id, at`,
    );
    const seen = events.map((e) => [e.item_id, e.kind, e.at.toISOString()]);
    expect(seen).toEqual([
      [id(1), 'due_soon', at('2026-09-30T00:00:00+08:00').toISOString()],
      [id(1), 'overdue', at('2026-10-09T00:00:00+08:00').toISOString()],
      // Two working days after the due day: Friday 9 and the 调休 Saturday 10 October.
      [id(1), 'escalated', at('2026-10-11T00:00:00+08:00').toISOString()],
      [id(2), 'due_soon', at('2026-09-20T00:00:00+08:00').toISOString()],
      [id(2), 'overdue', at('2026-09-22T00:00:00+08:00').toISOString()],
      [id(2), 'escalated', at('2026-09-24T00:00:00+08:00').toISOString()],
      // Due Thursday 15 October: two working days left from Wednesday 14.
      [id(4), 'due_soon', at('2026-10-14T00:00:00+08:00').toISOString()],
    ]);
    // Each was noticed by the first pass at or after its instant (passes every six hours on the hour).
    for (const e of events) expect(Date.parse(e.event.detectedAt) - e.at.getTime()).toBeLessThan(6 * HOUR);
    const escalated = events.filter((e) => e.kind === 'escalated').map((e) => e.event);
    expect(escalated.find((e) => e.itemId === id(1))?.escalatedTo).toEqual({
      level: 'city',
      unitName: '阜阳市人民政府督查室',
    });
    expect(escalated.find((e) => e.itemId === id(2))?.escalatedTo).toEqual({
      level: 'county',
      unitName: '颍上县人民政府督查室',
    });
    expect(escalated[0].history?.map((h) => h.decisionRevision)).toEqual([1]);

    // Published once each (read_committed), whatever the number of watchers.
    while ((await relay.relayOnce()) > 0);
    await waitFor('supervision events on Kafka', () => collector.messages.length >= events.length, 30000);
    await new Promise((r) => setTimeout(r, 1000));
    const published = collector.messages.map((m) => JSON.parse(m.value) as SupervisionEventV1);
    expect(published.map((p) => p.eventId).sort()).toEqual(events.map((e) => e.event.eventId).sort());
    expect(new Set(published.map((p) => p.eventId)).size).toBe(published.length);

    // Another pass changes nothing.
    const again = await b.watcher.tick(new Date(end + HOUR));
    expect(again.recorded).toEqual({ due_soon: 0, overdue: 0, escalated: 0 });
  });

  it('lists the supervision queue by unit inside the caller’s scope', async () => {
    await hub.apps.gateway.start();
    const base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
    const admin = await createKey(hub.db, 'admin', { name: 'admin-sup' });
    const yingshang = await createKey(hub.db, 'consumer', { name: 'ys', counties: ['341226'] });
    const get = async (path: string, key: string) => {
      const res = await fetch(`${base}${path}`, { headers: bearer(key) });
      return {
        status: res.status,
        body: (await res.json()) as {
          units: {
            unitName: string;
            overdue: number;
            escalated: number;
            dueSoon: number;
            tickets: { itemId: string; kind: string }[];
          }[];
        },
      };
    };
    const all = await get('/api/v1/supervision', admin);
    expect(all.status).toBe(200);
    const tickets = all.body.units.flatMap((u) => u.tickets.map((t) => [t.itemId, t.kind]));
    expect(tickets.sort()).toEqual([
      [id(1), 'escalated'],
      [id(2), 'escalated'],
      [id(4), 'due_soon'],
    ]);
    const town = all.body.units.find((u) => u.unitName === '慎城镇人民政府');
    expect(town).toMatchObject({ escalated: 1, overdue: 0, dueSoon: 0 });
    const mine = await get('/api/v1/supervision', yingshang);
    expect(mine.body.units.flatMap((u) => u.tickets.map((t) => t.itemId)).sort()).toEqual([id(2), id(4)]);
    const dueSoonOnly = await get('/api/v1/supervision?kind=due_soon', admin);
    expect(dueSoonOnly.body.units.flatMap((u) => u.tickets.map((t) => t.itemId))).toEqual([id(4)]);
    const bad = await fetch(`${base}/api/v1/supervision?kind=late`, { headers: bearer(admin) });
    expect(bad.status).toBe(400);
  });

  it('delivers due-soon, overdue and escalation webhooks once, to subscriptions in scope', async () => {
    const receiver = await startWebhookReceiver({ '/sup': () => 200 });
    try {
      const base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
      const key = await createKey(hub.db, 'consumer', { name: 'ys-hooks', counties: ['341226'] });
      const res = await fetch(`${base}/api/v1/webhooks`, {
        method: 'POST',
        headers: { ...bearer(key), 'content-type': 'application/json' },
        body: JSON.stringify({
          url: receiver.url('/sup'),
          events: ['ticket.due_soon', 'ticket.overdue', 'ticket.escalated'],
        }),
      });
      expect(res.status).toBe(201);
      // Due a month ago by the wall clock: overdue and escalated at the next pass, as is ticket 4 by now (its due
      // soon was announced under the injected clock); 1 and 2 were escalated already.
      const dueDay = new Date(Date.now() + 8 * HOUR - 30 * 24 * HOUR).toISOString().slice(0, 10);
      await seedTickets(hub.db, [{ ticket: ticket(5, dueDay, 'county', YINGSHANG) }], {
        topic: 'test.seed',
        partition: 0,
        firstOffset: 100,
      });
      const { watcher: w } = await watcher();
      expect((await w.tick(new Date())).recorded).toEqual({ due_soon: 0, overdue: 2, escalated: 2 });
      expect((await w.tick(new Date())).recorded).toEqual({ due_soon: 0, overdue: 0, escalated: 0 });
      while ((await relay.relayOnce()) > 0);
      await waitFor('four supervision webhooks', () => receiver.at('/sup').length >= 4, 30000);
      await new Promise((r) => setTimeout(r, 1500));
      const bodies = receiver.at('/sup').map(
        (h) =>
          JSON.parse(h.raw.toString('utf8')) as {
            event: string;
            supervision: SupervisionEventV1;
            ticket: RoutedTicketV1;
          },
      );
      expect(bodies.map((b) => [b.ticket.item.id, b.event, b.supervision.itemId]).sort()).toEqual([
        [id(4), 'ticket.escalated', id(4)],
        [id(4), 'ticket.overdue', id(4)],
        [id(5), 'ticket.escalated', id(5)],
        [id(5), 'ticket.overdue', id(5)],
      ]);
      expect(bodies.find((b) => b.event === 'ticket.escalated')?.supervision.escalatedTo).toEqual({
        level: 'city',
        unitName: '阜阳市人民政府督查室',
      });
    } finally {
      await receiver.close();
    }
  });
});
