import { gcj02ToWgs84, wgs84ToGcj02 } from '../../apps/gateway/src/open311/wgs84';
import { type FeedbackV1, type RoutedTicketV1 } from '../../libs/shared/src/contracts';
import { sampleItem } from '../fixtures/appeal-item';
import { bearer, createKey } from '../support/api-keys';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { publishJson, waitFor } from '../support/kafka-helpers';
import { GEOREPORT, schemaErrors } from '../support/open311-schemas';
import { seedTickets } from '../support/seed-tickets';

const LINQUAN = '341221';
const YINGSHANG = '341226';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface ServiceRequest {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_code: string | null;
  service_name: string | null;
  description: string | null;
  agency_responsible: string | null;
  requested_datetime: string;
  updated_datetime: string | null;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

const hexId = (prefix: string, n: number) =>
  `ap_${prefix}${n.toString(16).padStart(32 - prefix.length, '0')}`;

/** GeoReport v2 read API over real PostgreSQL, with tickets routed by the real router and seeded in bulk. */
describe('Open311 GeoReport v2', () => {
  let hub: HubFixture;
  let base: string;
  const keys: Record<string, string> = {};
  const now = Date.now();
  const wgsPoint: [number, number] = [33.0621, 115.2612];
  const ids = { linquan: hexId('a1', 1), yingshang: hexId('a2', 2), triage: hexId('a3', 3) };
  const old = { linquan: hexId('d1', 1), yingshang: hexId('d2', 2) };
  const WALL_REPLY = '路灯已于本周修复。如仍有问题请联系13800001111。';

  const get = async (path: string, key?: string) => {
    const res = await fetch(`${base}${path}`, { headers: key ? bearer(key) : {} });
    return { status: res.status, body: await res.json(), headers: res.headers };
  };
  const requests = async (query: string, key = keys.city) => {
    const res = await get(`/open311/v2/requests.json${query ? `?${query}` : ''}`, key);
    expect(res.status).toBe(200);
    expect(schemaErrors(GEOREPORT.requests, res.body)).toEqual([]);
    return res.body as ServiceRequest[];
  };
  const openError = (res: { status: number; body: unknown }, status: number) => {
    expect(res.status).toBe(status);
    expect(schemaErrors(GEOREPORT.error, res.body)).toEqual([]);
    expect((res.body as { code: number }[])[0].code).toBe(status);
  };
  const sql = async (where: string, params: unknown[] = []) =>
    (
      await hub.db.query<{ item_id: string }>(
        `SELECT item_id FROM ticket_heads h WHERE ${where} ORDER BY submitted_at DESC, item_id DESC`,
        params,
      )
    ).map((r) => r.item_id);
  const inWindow = `h.submitted_at >= now() - interval '90 days'`;

  const send = (topic: 'items' | 'feedback', key: string, value: unknown) =>
    publishJson(hub.kafka, hub.prefix, topic, key, value);
  const head = async (id: string) =>
    (
      await hub.db.query<{ status: string; decision_revision: number; lead_department: string | null }>(
        `SELECT status, decision_revision, lead_department FROM ticket_heads WHERE item_id = $1`,
        [id],
      )
    )[0];
  const ticketOf = async (id: string) =>
    (
      await hub.db.query<{ ticket: RoutedTicketV1 }>(
        `SELECT ticket FROM routing_decisions WHERE item_id = $1 ORDER BY decision_revision DESC LIMIT 1`,
        [id],
      )
    )[0].ticket;

  beforeAll(async () => {
    hub = await startHub('open311');
    await Promise.all([hub.apps.router.start(), hub.apps.gateway.start()]);
    base = `http://127.0.0.1:${hub.env.GATEWAY_PORT}`;
    keys.city = await createKey(hub.db, 'consumer', { counties: ['341200'] });
    keys.yingshang = await createKey(hub.db, 'consumer', { counties: [YINGSHANG] });
    keys.transport = await createKey(hub.db, 'consumer', {
      counties: ['341200'],
      departments: ['transport'],
    });
    keys.admin = await createKey(hub.db, 'admin');
    keys.operator = await createKey(hub.db, 'operator');
    keys.auditor = await createKey(hub.db, 'auditor');

    // Three real appeals through Kafka and the router.
    const at = (ms: number) => new Date(now - ms).toISOString();
    const [gcjLat, gcjLng] = wgs84ToGcj02(...wgsPoint);
    const items = [
      sampleItem({
        id: ids.linquan,
        traceId: 'trace-o311-1',
        submittedAt: at(2 * DAY),
        receivedAt: at(2 * DAY - 60_000),
        content: '临泉县城关街道幸福小区物业不作为，电梯停运一周无人维修，联系电话13912345678。',
        location: {
          addressText: '临泉县城关街道幸福小区3栋，电话13912345678',
          adcode: LINQUAN,
          lat: gcjLat,
          lng: gcjLng,
          crs: 'gcj02',
          precision: 'point',
          origin: 'channel',
        },
        attachments: [{ url: 'https://files.example.cn/o311/lift.jpg', kind: 'image' }],
      }),
      sampleItem({
        id: ids.yingshang,
        traceId: 'trace-o311-2',
        submittedAt: at(3 * DAY),
        receivedAt: at(3 * DAY - 60_000),
        content: '颍上县慎城镇人民路的路灯坏了半个月，晚上一片漆黑，行人摔倒好几次。',
        // Agreed to publication: its closing reply goes to the 回音壁 feed.
        reporter: { anonymous: false, publicVisible: true },
        location: { adcode: YINGSHANG, precision: 'county', origin: 'channel' },
      }),
      sampleItem({
        id: ids.triage,
        traceId: 'trace-o311-3',
        submittedAt: at(1 * DAY),
        receivedAt: at(1 * DAY - 60_000),
        content: '我想咨询一下今年的政策有没有变化。',
        location: { precision: 'none', origin: 'none' },
      }),
    ];
    for (const item of items) await send('items', item.id, item);
    await waitFor(
      'three heads',
      async () => {
        const [{ n }] = await hub.db.query<{ n: string }>(
          `SELECT count(*) AS n FROM ticket_heads WHERE item_id = ANY($1::text[])`,
          [items.map((i) => i.id)],
        );
        return Number(n) === items.length;
      },
      90_000,
    );

    // 颍上's ticket is accepted, then closed (办结), by the unit it went to.
    const ys = await head(ids.yingshang);
    for (const kind of ['accepted', 'closed'] as const) {
      const event: FeedbackV1 = {
        schemaVersion: 1,
        eventId: `evt-o311-${kind}`,
        itemId: ids.yingshang,
        decisionRevision: ys.decision_revision,
        kind,
        department: ys.lead_department ?? 'x',
        ...(kind === 'closed' ? { reason: WALL_REPLY } : {}),
        actor: 'e2e',
        at: new Date().toISOString(),
      };
      await send('feedback', ids.yingshang, event);
      await waitFor(`颍上 ${kind}`, async () => (await head(ids.yingshang)).status === kind, 60_000);
    }

    // 1,100 more in the window and two older than 90 days, written as the router writes them.
    const template = await ticketOf(ids.linquan);
    const departments = [
      ['urban-management', '城市管理局'],
      ['transport', '交通运输局'],
      ['health', '卫生健康委员会'],
    ];
    const make = (id: string, submittedMs: number, i: number): RoutedTicketV1 => {
      const [county, countyName] = i % 2 ? [YINGSHANG, '颍上县'] : [LINQUAN, '临泉县'];
      const [department, name] = departments[i % 3];
      const submitted = new Date(submittedMs).toISOString();
      return {
        ...template,
        item: {
          ...template.item,
          id,
          submittedAt: submitted,
          receivedAt: submitted,
          content: `批量诉求 ${i}`,
        },
        decision: {
          ...template.decision,
          jurisdiction: {
            ...template.decision.jurisdiction,
            county: countyName,
            town: undefined,
            codes: { county },
          },
          lead: { department, level: 'county', unitName: `${countyName}${name}` },
          co: [],
          duplicateOf: undefined,
        },
      };
    };
    const statuses = [undefined, 'accepted', 'closed', undefined] as const;
    await seedTickets(hub.db, [
      ...Array.from({ length: 1100 }, (_, i) => ({
        ticket: make(hexId('b', i), now - (i + 1) * 70 * 60_000, i),
        status: statuses[i % 4],
      })),
      { ticket: make(old.linquan, now - 120 * DAY, 0) },
      { ticket: make(old.yingshang, now - 100 * DAY, 1), status: 'closed' as const },
    ]);
  });

  afterAll(async () => {
    await hub?.close();
  });

  describe('services.json', () => {
    it('lists the department catalogue without a key, valid GeoReport v2', async () => {
      const res = await get('/open311/v2/services.json');
      expect(res.status).toBe(200);
      expect(schemaErrors(GEOREPORT.services, res.body)).toEqual([]);
      const services = res.body as { service_code: string; service_name: string; keywords: string }[];
      const [{ n }] = await hub.db.query<{ n: string }>(`SELECT count(*) AS n FROM departments`);
      expect(services).toHaveLength(Number(n));
      expect(services.find((s) => s.service_code === 'urban-management')).toEqual({
        service_code: 'urban-management',
        service_name: '城市管理局',
        description: expect.stringContaining('占道经营'),
        metadata: false,
        type: 'realtime',
        keywords: expect.stringContaining('占道经营与流动摊贩,违章搭建'),
        group: '政府部门',
      });
      for (const j of ['fy.gov.cn', '341200'])
        expect((await get(`/open311/v2/services.json?jurisdiction_id=${j}`)).body).toEqual(services);
    });

    it('refuses an unknown jurisdiction_id with 404 in the GeoReport error format', async () => {
      openError(await get('/open311/v2/services.json?jurisdiction_id=sf.gov'), 404);
      openError(await get(`/open311/v2/requests.json?jurisdiction_id=${LINQUAN}`, keys.city), 404);
      openError(await get(`/open311/v2/requests/${ids.linquan}.json?jurisdiction_id=x`, keys.city), 404);
      expect((await get(`/open311/v2/requests.json?jurisdiction_id=fy.gov.cn`, keys.city)).status).toBe(200);
    });

    it('publishes a service discovery document pointing at the v2 endpoint', async () => {
      const res = await get('/open311/discovery.json');
      expect(res.body).toMatchObject({
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: `${base}/open311/v2`,
            formats: ['application/json'],
          },
        ],
      });
    });
  });

  describe('requests.json', () => {
    it('answers the newest 1,000 of the last 90 days, newest first', async () => {
      const started = Date.now();
      const list = await requests('');
      const ms = Date.now() - started;
      expect(list).toHaveLength(1000);
      expect(list.map((r) => r.service_request_id)).toEqual((await sql(inWindow)).slice(0, 1000));
      const times = list.map((r) => Date.parse(r.requested_datetime));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(times.every((t) => t >= now - 90 * DAY)).toBe(true);
      expect(list.every((r) => r.requested_datetime.endsWith('+08:00'))).toBe(true);
      process.stdout.write(`open311: default window, 1000 of 1103 requests in ${ms} ms\n`);
    });

    it('serves the reply wall: public=true keeps only published appeals, closed ones with the masked reply', async () => {
      const wall = await requests('public=true');
      expect(wall.map((r) => r.service_request_id)).toEqual(
        await sql(`${inWindow} AND EXISTS (SELECT 1 FROM routing_decisions d WHERE d.item_id = h.item_id
          AND d.decision_revision = h.decision_revision AND (d.ticket->'item'->'reporter'->>'publicVisible')::boolean)`),
      );
      const [closed] = wall.filter((r) => r.service_request_id === ids.yingshang);
      expect(closed.status).toBe('closed');
      expect(closed.status_notes).toMatch(/已办结。答复：路灯已于本周修复。如仍有问题请联系138\*{4}1111。$/);
      expect(JSON.stringify(wall)).not.toContain('13800001111');
      // The wall is a filter on the key's scope, never a way around it.
      expect((await requests('public=true', keys.transport)).map((r) => r.service_request_id)).not.toContain(
        ids.yingshang,
      );
      // Without the reporter's consent the reply stays out of Open311, even for a key that may read the ticket.
      const [notPublic] = await requests(`service_request_id=${old.yingshang}`);
      expect(notPublic).toMatchObject({ status: 'closed', status_notes: expect.stringMatching(/已办结$/) });
      const bad = await get('/open311/v2/requests.json?public=yes', keys.city);
      openError(bad, 400);
    });

    it('filters by service_code and status against the database', async () => {
      const transport = await requests('service_code=transport');
      expect(transport.length).toBeGreaterThan(300);
      expect(transport.every((r) => r.service_code === 'transport' && r.service_name === '交通运输局')).toBe(
        true,
      );
      expect(transport.map((r) => r.service_request_id)).toEqual(
        await sql(`${inWindow} AND lead_department = 'transport'`),
      );
      const two = await requests('service_code=transport,health');
      expect(new Set(two.map((r) => r.service_code))).toEqual(new Set(['transport', 'health']));
      expect((await requests('service_code=no-such-service')).length).toBe(0);

      const closed = await requests('status=closed');
      expect(closed.map((r) => r.service_request_id)).toEqual(await sql(`${inWindow} AND status = 'closed'`));
      expect(closed.every((r) => r.status === 'closed')).toBe(true);
      const open = await requests('status=open');
      expect(open.map((r) => r.service_request_id)).toEqual(await sql(`${inWindow} AND status <> 'closed'`));
      expect(open.some((r) => r.service_request_id === ids.triage)).toBe(true);
      expect((await requests('status=open,closed')).length).toBe(1000);
      expect((await requests('status=closed&service_code=health')).every((r) => r.status === 'closed')).toBe(
        true,
      );
    });

    it('filters by start_date and end_date, and refuses more than 90 days between them', async () => {
      const start = new Date(now - 30 * DAY);
      const end = new Date(now - 20 * DAY);
      const q = `start_date=${encodeURIComponent(start.toISOString())}&end_date=${encodeURIComponent(end.toISOString())}`;
      const list = await requests(q);
      expect(list.length).toBeGreaterThan(100);
      expect(list.map((r) => r.service_request_id)).toEqual(
        await sql(`submitted_at >= $1 AND submitted_at <= $2`, [start, end]),
      );
      // Only an old start: the 90 days after it, which reaches the two old requests.
      const fromOld = await requests(
        `start_date=${encodeURIComponent(new Date(now - 125 * DAY).toISOString())}`,
      );
      expect(fromOld.map((r) => r.service_request_id)).toEqual(
        expect.arrayContaining([old.linquan, old.yingshang]),
      );
      expect((await requests('')).map((r) => r.service_request_id)).not.toContain(old.linquan);

      const span = (a: number, b: number) =>
        `start_date=${encodeURIComponent(new Date(now - a * DAY).toISOString())}&end_date=${encodeURIComponent(new Date(now - b * DAY).toISOString())}`;
      openError(await get(`/open311/v2/requests.json?${span(91, 0)}`, keys.city), 400);
      openError(await get(`/open311/v2/requests.json?${span(10, 20)}`, keys.city), 400);
      openError(await get(`/open311/v2/requests.json?start_date=2026-01-01`, keys.city), 400);
      openError(await get(`/open311/v2/requests.json?status=pending`, keys.city), 400);
      expect((await requests(span(90, 0))).length).toBe(1000);
    });

    it('finds requests by service_request_id, which overrides the other arguments', async () => {
      const list = await requests(
        `service_request_id=${old.linquan},${ids.linquan},${ids.yingshang}&status=closed&service_code=health`,
      );
      expect(list.map((r) => r.service_request_id)).toEqual([ids.linquan, ids.yingshang, old.linquan]);
      openError(await get(`/open311/v2/requests.json?service_request_id=123`, keys.city), 400);
    });

    it('limits a department-scoped key to the tickets its department takes part in', async () => {
      const list = await requests('', keys.transport);
      expect(list.length).toBeGreaterThan(300);
      expect(list.every((r) => r.service_code === 'transport')).toBe(true);
    });
  });

  describe('requests/{id}.json', () => {
    it('answers one routed request with its fields mapped, masked and in WGS84', async () => {
      const res = await get(`/open311/v2/requests/${ids.linquan}.json`, keys.city);
      expect(res.status).toBe(200);
      expect(schemaErrors(GEOREPORT.requests, res.body)).toEqual([]);
      const [r] = res.body as ServiceRequest[];
      const ticket = await ticketOf(ids.linquan);
      expect(r).toMatchObject({
        service_request_id: ids.linquan,
        status: 'open',
        status_notes: `已派发至${ticket.decision.lead?.unitName}`,
        service_code: ticket.decision.lead?.department,
        agency_responsible: ticket.decision.lead?.unitName,
        // Not the channel's URL: only a stored attachment is linked (signed, short-lived), and this one was not fetched.
        media_url: null,
      });
      const codes = ticket.decision.jurisdiction.codes;
      expect(r.address_id).toBe(codes.village ?? codes.town ?? LINQUAN);
      expect(r.address_id?.startsWith(LINQUAN)).toBe(true);
      expect(Date.parse(r.expected_datetime ?? '')).toBe(Date.parse(ticket.decision.dueAt ?? ''));
      expect(Date.parse(r.requested_datetime)).toBe(Date.parse(ticket.item.submittedAt));
      for (const text of [r.description, r.address]) {
        expect(text).not.toContain('13912345678');
        expect(text).toContain('139****5678');
      }
      expect(r.lat).toBeCloseTo(wgsPoint[0], 6);
      expect(r.long).toBeCloseTo(wgsPoint[1], 6);
      expect(gcj02ToWgs84(...wgsPoint)[0]).not.toBeCloseTo(wgsPoint[0], 3);

      const [closed] = (await get(`/open311/v2/requests/${ids.yingshang}.json`, keys.admin))
        .body as ServiceRequest[];
      expect(closed).toMatchObject({ status: 'closed', status_notes: expect.stringContaining('已办结') });
      const [triage] = (await get(`/open311/v2/requests/${ids.triage}.json`, keys.city))
        .body as ServiceRequest[];
      expect(triage).toMatchObject({
        status: 'open',
        service_code: null,
        status_notes: expect.stringContaining('待人工分派'),
      });
      // Any age: an id is not limited to the 90-day window.
      expect((await get(`/open311/v2/requests/${old.linquan}.json`, keys.city)).status).toBe(200);
    });

    it('answers 404 for an unknown id and 400 for a malformed one, in the GeoReport error format', async () => {
      openError(await get(`/open311/v2/requests/${hexId('f', 9)}.json`, keys.city), 404);
      openError(await get(`/open311/v2/requests/12345.json`, keys.city), 400);
    });
  });

  describe('scope', () => {
    const countiesOf = async (list: ServiceRequest[]) =>
      (
        await hub.db.query<{ county_code: string | null }>(
          `SELECT DISTINCT county_code FROM ticket_heads WHERE item_id = ANY($1::text[])`,
          [list.map((r) => r.service_request_id)],
        )
      ).map((r) => r.county_code);

    it('never shows a 颍上 key a 临泉 request, whatever the arguments', async () => {
      const key = keys.yingshang;
      const all = await requests('', key);
      expect(all.map((r) => r.service_request_id)).toEqual(
        await sql(`${inWindow} AND county_code = $1`, [YINGSHANG]),
      );
      expect(all.length).toBeGreaterThan(500);
      const range = `start_date=${encodeURIComponent(new Date(now - 125 * DAY).toISOString())}`;
      for (const q of [
        '',
        'status=open',
        'status=closed',
        'service_code=transport',
        'service_code=urban-management,health',
        range,
        `service_request_id=${ids.linquan},${old.linquan},${hexId('b', 0)},${ids.yingshang},${ids.triage}`,
        `service_request_id=${ids.linquan}`,
      ]) {
        const list = await requests(q, key);
        expect(await countiesOf(list)).toEqual(list.length ? [YINGSHANG] : []);
        expect(list.map((r) => r.service_request_id)).not.toContain(ids.linquan);
      }
      expect(
        (await requests(`service_request_id=${ids.linquan},${ids.yingshang}`, key)).map(
          (r) => r.service_request_id,
        ),
      ).toEqual([ids.yingshang]);
    });

    it('answers 404 for another county’s request exactly as for a missing one', async () => {
      const foreign = await get(`/open311/v2/requests/${ids.linquan}.json`, keys.yingshang);
      openError(foreign, 404);
      const missing = await get(`/open311/v2/requests/${hexId('f', 9)}.json`, keys.yingshang);
      expect(JSON.stringify(foreign.body).replace(ids.linquan, 'ID')).toBe(
        JSON.stringify(missing.body).replace(hexId('f', 9), 'ID'),
      );
      openError(await get(`/open311/v2/requests/${ids.triage}.json`, keys.yingshang), 404);
      expect((await get(`/open311/v2/requests/${ids.yingshang}.json`, keys.yingshang)).status).toBe(200);
    });
  });

  describe('keys', () => {
    it('keeps the gateway error body for 401 and 403 on the keyed Open311 routes', async () => {
      for (const path of ['/open311/v2/requests.json', `/open311/v2/requests/${ids.linquan}.json`]) {
        const none = await get(path);
        expect(none.status).toBe(401);
        expect(none.body).toMatchObject({ code: 'unauthorized', correlationId: expect.any(String) });
        for (const role of ['operator', 'auditor']) {
          const wrong = await get(path, keys[role]);
          expect(wrong.status).toBe(403);
          expect(wrong.body).toMatchObject({
            code: 'forbidden',
            correlationId: wrong.headers.get('x-correlation-id'),
          });
        }
        expect((await get(path, keys.admin)).status).toBe(200);
      }
    });
  });
});
