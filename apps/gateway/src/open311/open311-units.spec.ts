import { type RoutedTicketV1 } from '@minsheng/shared/contracts';
import { Open311Error } from './open311-error';
import { checkJurisdiction } from './jurisdiction';
import { parseRequestsQuery } from './requests-query';
import { type HeadRow, serviceRequestView } from './service-request.view';
import { parseW3cTime, w3cTime } from './w3c-time';
import { gcj02ToWgs84, toWgs84, wgs84ToGcj02 } from './wgs84';

const X_PI = (Math.PI * 3000.0) / 180.0;
function gcj02ToBd09(lat: number, lng: number): [number, number] {
  const z = Math.sqrt(lng * lng + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
  const theta = Math.atan2(lat, lng) + 0.000003 * Math.cos(lng * X_PI);
  return [z * Math.sin(theta) + 0.006, z * Math.cos(theta) + 0.0065];
}

function refused(fn: () => unknown): { status: number; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof Open311Error) return { status: e.getStatus(), message: e.message };
    throw e;
  }
  throw new Error('not refused');
}

describe('w3cTime', () => {
  it('writes instants in +08:00 and reads only date-times that carry a zone', () => {
    expect(w3cTime(new Date('2026-11-20T01:00:00Z'))).toBe('2026-11-20T09:00:00+08:00');
    expect(w3cTime('2026-12-31T20:30:00.250Z')).toBe('2027-01-01T04:30:00.250+08:00');
    expect(w3cTime(null)).toBeNull();
    expect(parseW3cTime('2026-11-20T09:00:00+08:00')?.toISOString()).toBe('2026-11-20T01:00:00.000Z');
    expect(parseW3cTime('2010-01-01T00:00Z')?.toISOString()).toBe('2010-01-01T00:00:00.000Z');
    expect(parseW3cTime('2026-11-20T09:00:00')).toBeUndefined();
    expect(parseW3cTime('2026-11-20')).toBeUndefined();
    expect(parseW3cTime('2026-13-45T09:00:00Z')).toBeUndefined();
    expect(parseW3cTime('2026-02-30T09:00:00+08:00')).toBeUndefined();
    expect(parseW3cTime('2026-02-28T23:30:00-05:30')?.toISOString()).toBe('2026-03-01T05:00:00.000Z');
  });
});

describe('toWgs84', () => {
  // 阜阳市政府 area: GCJ-02 shifts it by a few hundred metres; the inverse must undo that closely.
  const wgs: [number, number] = [32.8901, 115.8149];

  it('inverts GCJ-02 to well under a metre and moves the point by the expected offset', () => {
    const gcj = wgs84ToGcj02(...wgs);
    const shiftM = Math.hypot((gcj[0] - wgs[0]) * 111_000, (gcj[1] - wgs[1]) * 93_000);
    expect(shiftM).toBeGreaterThan(100);
    expect(shiftM).toBeLessThan(1000);
    const back = gcj02ToWgs84(...gcj);
    expect(Math.abs(back[0] - wgs[0])).toBeLessThan(1e-7);
    expect(Math.abs(back[1] - wgs[1])).toBeLessThan(1e-7);
    expect(toWgs84(gcj[0], gcj[1], 'gcj02')).toEqual({ lat: 32.8901, long: 115.8149 });
  });

  it('converts BD-09 through GCJ-02, and leaves WGS84 (or an unstated system) as given', () => {
    const bd = gcj02ToBd09(...wgs84ToGcj02(...wgs));
    const p = toWgs84(bd[0], bd[1], 'bd09');
    expect(Math.abs(p.lat - wgs[0])).toBeLessThan(2e-6);
    expect(Math.abs(p.long - wgs[1])).toBeLessThan(2e-6);
    expect(toWgs84(32.1, 115.2, 'wgs84')).toEqual({ lat: 32.1, long: 115.2 });
    expect(toWgs84(32.1, 115.2, undefined)).toEqual({ lat: 32.1, long: 115.2 });
  });
});

describe('jurisdiction_id', () => {
  it('accepts the city by domain or division code, and nothing else (404)', () => {
    expect(() => checkJurisdiction(undefined)).not.toThrow();
    expect(() => checkJurisdiction('fy.gov.cn')).not.toThrow();
    expect(() => checkJurisdiction('341200')).not.toThrow();
    expect(refused(() => checkJurisdiction('341221')).status).toBe(404);
    expect(refused(() => checkJurisdiction('sf.gov')).status).toBe(404);
  });
});

describe('parseRequestsQuery', () => {
  const now = new Date('2026-11-27T04:00:00Z');
  const day = 86_400_000;

  it('defaults to the 90 days before now', () => {
    const q = parseRequestsQuery({}, now);
    expect(q).toMatchObject({ kind: 'search', end: now, start: new Date(now.getTime() - 90 * day) });
  });

  it('fills a missing end or start with 90 days from the other', () => {
    const start = '2026-01-01T00:00:00+08:00';
    const q = parseRequestsQuery({ start_date: start }, now);
    if (q.kind !== 'search') throw new Error('search expected');
    expect(q.end.getTime() - q.start.getTime()).toBe(90 * day);
    const r = parseRequestsQuery({ end_date: start }, now);
    if (r.kind !== 'search') throw new Error('search expected');
    expect(r.end.toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(r.end.getTime() - r.start.getTime()).toBe(90 * day);
  });

  it('refuses a span over 90 days, an end before the start, and dates without a zone', () => {
    expect(
      refused(() =>
        parseRequestsQuery({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-01T00:00:01Z' }),
      ),
    ).toMatchObject({ status: 400, message: expect.stringContaining('90 days') });
    expect(
      parseRequestsQuery({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-01T00:00:00Z' }).kind,
    ).toBe('search');
    expect(
      refused(() =>
        parseRequestsQuery({ start_date: '2026-02-01T00:00:00Z', end_date: '2026-01-01T00:00:00Z' }),
      ).status,
    ).toBe(400);
    expect(refused(() => parseRequestsQuery({ start_date: '2026-01-01' })).status).toBe(400);
  });

  it('parses comma lists, refuses unknown statuses, repeated arguments and malformed ids', () => {
    expect(
      parseRequestsQuery({ service_code: 'health,transport', status: 'open,closed' }, now),
    ).toMatchObject({
      serviceCodes: ['health', 'transport'],
      statuses: ['open', 'closed'],
    });
    expect(refused(() => parseRequestsQuery({ status: 'pending' })).status).toBe(400);
    expect(refused(() => parseRequestsQuery({ status: ['open', 'closed'] })).status).toBe(400);
    expect(refused(() => parseRequestsQuery({ service_request_id: 'ap_1,' })).status).toBe(400);
    expect(refused(() => parseRequestsQuery({ service_request_id: 'ap_zz' })).status).toBe(400);
  });

  it('lets service_request_id override every other argument', () => {
    const id = `ap_${'a'.repeat(32)}`;
    expect(
      parseRequestsQuery({ service_request_id: `${id},${id}`, status: 'bogus', start_date: 'x' }, now),
    ).toEqual({ kind: 'ids', ids: [id], publicOnly: false });
  });

  it('takes public=true as the reply wall filter and refuses anything but true or false', () => {
    expect(parseRequestsQuery({ public: 'true' }, now)).toMatchObject({ kind: 'search', publicOnly: true });
    expect(parseRequestsQuery({ public: 'false' }, now)).toMatchObject({ publicOnly: false });
    const id = `ap_${'a'.repeat(32)}`;
    expect(parseRequestsQuery({ public: 'true', service_request_id: id }, now)).toEqual({
      kind: 'ids',
      ids: [id],
      publicOnly: true,
    });
    expect(refused(() => parseRequestsQuery({ public: '1' })).status).toBe(400);
    expect(refused(() => parseRequestsQuery({ public: ['true', 'true'] })).status).toBe(400);
  });
});

describe('serviceRequestView', () => {
  const ticket = {
    schemaVersion: 1,
    decisionRevision: 1,
    item: {
      id: `ap_${'b'.repeat(32)}`,
      title: '电梯停运',
      reporter: { anonymous: false, publicVisible: false },
      content: '电梯停运一周，联系电话13912345678，身份证341202199001011234。'.repeat(200),
      location: { lat: 32.9, lng: 115.8, crs: 'wgs84', precision: 'point', origin: 'channel' },
      attachments: [
        { url: 'https://files.example/doc.pdf', kind: 'document' },
        { url: 'https://files.example/a.jpg', kind: 'image' },
      ],
    },
    decision: {
      jurisdiction: { county: '临泉县', town: '城关街道', codes: { county: '341221' } },
      lead: { department: 'housing-construction', level: 'county', unitName: '临泉县住房和城乡建设局' },
      co: [],
      grade: 'general',
      workingDays: 15,
      tags: [],
      returnedBy: [],
      mode: 'auto',
    },
  } as unknown as RoutedTicketV1;
  const row: HeadRow = {
    item_id: ticket.item.id,
    status: 'accepted',
    department_name: '住房和城乡建设局',
    county_code: '341221',
    town_code: '341221001',
    village_code: null,
    due_at: new Date('2026-12-11T15:59:59.999Z'),
    submitted_at: new Date('2026-11-20T01:00:00Z'),
    updated_at: new Date('2026-11-21T02:00:00Z'),
    ticket,
  };

  const media = [
    { kind: 'document', url: 'http://hub.example/api/v1/attachment-links/at_1?expires=1&signature=d' },
    { kind: 'image', url: 'http://hub.example/api/v1/attachment-links/at_2?expires=1&signature=i' },
  ];

  it('maps the head and ticket to the GeoReport fields, masked and capped at 4,000 characters', () => {
    const v = serviceRequestView(row, media);
    expect(v).toMatchObject({
      service_request_id: row.item_id,
      status: 'open',
      status_notes: '临泉县住房和城乡建设局已受理',
      service_name: '住房和城乡建设局',
      service_code: 'housing-construction',
      agency_responsible: '临泉县住房和城乡建设局',
      service_notice: '一般件，15个工作日内办结',
      requested_datetime: '2026-11-20T09:00:00+08:00',
      updated_datetime: '2026-11-21T10:00:00+08:00',
      expected_datetime: '2026-12-11T23:59:59.999+08:00',
      address: '阜阳市临泉县城关街道',
      address_id: '341221001',
      zipcode: null,
      lat: 32.9,
      long: 115.8,
      // The signed link to the stored image, never the channel's own URL.
      media_url: media[1].url,
    });
    expect(v.description).toHaveLength(4000);
    expect(v.description).toMatch(/^电梯停运\n/);
    expect(v.description).not.toContain('13912345678');
    expect(v.description).not.toContain('199001011234');
    expect(v.description).toContain('139****5678');
  });

  it('adds the masked closing reply for a reporter who agreed to publication, and only then (回音壁)', () => {
    const reply = '已更换电梯主板，恢复运行。回访电话13912345678';
    const shown = {
      ...ticket,
      item: { ...ticket.item, reporter: { anonymous: false, publicVisible: true } },
    };
    const wall = serviceRequestView({ ...row, status: 'closed', ticket: shown, closing_reply: reply });
    expect(wall.status_notes).toBe(
      '临泉县住房和城乡建设局已办结。答复：已更换电梯主板，恢复运行。回访电话139****5678',
    );
    // Not agreed to publication: the same reply stays inside the tickets API.
    expect(serviceRequestView({ ...row, status: 'closed', closing_reply: reply }).status_notes).toBe(
      '临泉县住房和城乡建设局已办结',
    );
    // No unit note: the reply the upstream channel carried, cut to 1,000 characters.
    const upstream = { ...shown, item: { ...shown.item, upstream: { reply: '答'.repeat(1500) } } };
    const long = serviceRequestView({ ...row, status: 'closed', ticket: upstream });
    expect(long.status_notes).toBe(`临泉县住房和城乡建设局已办结。答复：${'答'.repeat(999)}…`);
    // An open ticket never shows a reply, even a public one.
    expect(serviceRequestView({ ...row, ticket: shown, closing_reply: reply }).status_notes).toBe(
      '临泉县住房和城乡建设局已受理',
    );
  });

  it('says closed only for 办结, and explains a triage case', () => {
    expect(serviceRequestView({ ...row, status: 'closed' })).toMatchObject({
      status: 'closed',
      status_notes: '临泉县住房和城乡建设局已办结',
    });
    const triage = {
      ...ticket,
      decision: { ...ticket.decision, lead: undefined, mode: 'triage', reason: 'no_jurisdiction' },
    } as RoutedTicketV1;
    expect(serviceRequestView({ ...row, status: 'triage', ticket: triage })).toMatchObject({
      status: 'open',
      status_notes: '待人工分派（属地不明）',
      service_code: null,
      service_name: null,
      agency_responsible: null,
      service_notice: null,
    });
  });
});
