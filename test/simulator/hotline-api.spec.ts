import { WORK_ORDERS_PATH, type WorkOrderPage } from './hotline-api';
import { generateWorkOrders, type HotlineWorkOrder } from './hotline-orders';
import { startSimulator, type Simulator } from './simulator';

interface Envelope {
  code: number;
  message: string;
  data?: WorkOrderPage;
}

const orders = generateWorkOrders(500).map((g) => g.order);
const byUpdateThenRecord = (a: HotlineWorkOrder, b: HotlineWorkOrder): number =>
  a.updateTime.localeCompare(b.updateTime) || a.recordNo.localeCompare(b.recordNo);

describe('hotline work-order API', () => {
  let sim: Simulator;

  beforeEach(async () => {
    sim = await startSimulator({ port: 0, orders });
  });

  afterEach(async () => {
    await sim.close();
  });

  async function get(
    query: string,
    token: string | null = sim.token,
  ): Promise<{ status: number; body: Envelope }> {
    const res = await fetch(`${sim.url}${WORK_ORDERS_PATH}${query}`, {
      headers: token === null ? {} : { Authorization: `Bearer ${token}` },
    });
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    return { status: res.status, body: (await res.json()) as Envelope };
  }

  async function fetchAll(query: string, pageSize: number): Promise<HotlineWorkOrder[]> {
    const records: HotlineWorkOrder[] = [];
    for (let page = 1; ; page++) {
      const { status, body } = await get(`${query}${query ? '&' : '?'}page=${page}&pageSize=${pageSize}`);
      expect(status).toBe(200);
      const data = body.data;
      if (!data) throw new Error('missing data');
      records.push(...data.records);
      if (page >= data.totalPages) return records;
    }
  }

  it('answers 401 without a valid bearer token', async () => {
    expect(await get('', null)).toEqual({ status: 401, body: { code: 401, message: 'invalid token' } });
    expect((await get('', 'wrong')).status).toBe(401);
  });

  it('pages through every record exactly once in (updateTime, recordNo) order', async () => {
    const first = await get('?pageSize=77');
    expect(first.body).toMatchObject({ code: 0, message: 'ok', data: { page: 1, pageSize: 77, total: 500 } });
    expect(first.body.data?.totalPages).toBe(7);

    const records = await fetchAll('', 77);
    expect(records).toHaveLength(500);
    expect(new Set(records.map((r) => r.recordNo)).size).toBe(500);
    expect(records).toEqual([...orders].sort(byUpdateThenRecord));
  });

  it('defaults to page 1 of 100 and returns an empty page past the end', async () => {
    const { body } = await get('');
    expect(body.data).toMatchObject({ page: 1, pageSize: 100, total: 500, totalPages: 5 });
    expect(body.data?.records).toHaveLength(100);
    const past = await get('?page=6');
    expect(past.status).toBe(200);
    expect(past.body.data?.records).toEqual([]);
  });

  it('filters on updateTime inclusively, in both accepted time formats', async () => {
    const pivot = [...orders].sort(byUpdateThenRecord)[250];
    if (!pivot) throw new Error('no pivot');
    const expected = orders.filter((o) => o.updateTime >= pivot.updateTime).sort(byUpdateThenRecord);

    const local = await fetchAll(`?updatedSince=${encodeURIComponent(pivot.updateTime)}`, 500);
    expect(local).toEqual(expected);
    expect(local[0]?.updateTime).toBe(pivot.updateTime);

    // The same instant expressed in UTC and in +08:00 must select the same records.
    const iso = `${pivot.updateTime.replace(' ', 'T')}+08:00`;
    const utc = new Date(iso).toISOString();
    expect(await fetchAll(`?updatedSince=${encodeURIComponent(iso)}`, 500)).toEqual(expected);
    expect(await fetchAll(`?updatedSince=${encodeURIComponent(utc)}`, 500)).toEqual(expected);

    // One second later excludes the pivot's own timestamp.
    const later = new Date(new Date(iso).getTime() + 1000).toISOString();
    const after = await fetchAll(`?updatedSince=${encodeURIComponent(later)}`, 500);
    expect(after.every((o) => o.updateTime > pivot.updateTime)).toBe(true);
  });

  it.each([
    ['?page=0'],
    ['?pageSize=501'],
    ['?pageSize=abc'],
    ['?updatedSince=yesterday'],
    ['?updatedSince=2026-11-20T09:15:32'],
    ['?updatedSince=2026-02-30 00:00:00'],
    ['?updatedSince=2026-11-20T09:15:32+08:00'],
  ])('answers 400 for bad parameters %s', async (query) => {
    const { status, body } = await get(query);
    expect(status).toBe(400);
    expect(body.code).toBe(400);
    expect(body.message).toEqual(expect.any(String));
  });

  it('serves 503 for the next N requests, then recovers, counting each', async () => {
    sim.setFaults({ failNext: 2 });
    expect((await get('')).status).toBe(503);
    expect((await get('')).status).toBe(503);
    expect((await get('')).status).toBe(200);
    expect(sim.requestCount()).toBe(3);
  });

  it('delays pages when asked to', async () => {
    sim.setFaults({ pageDelayMs: 150 });
    const started = Date.now();
    expect((await get('?pageSize=1')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('serves upserted records with their new updateTime', async () => {
    const original = orders[0];
    if (!original) throw new Error('no orders');
    sim.upsertOrder({ ...original, status: '已办结', updateTime: '2026-12-01 08:00:00' });
    const tail = await fetchAll(`?updatedSince=${encodeURIComponent('2026-12-01 08:00:00')}`, 10);
    expect(tail).toEqual([{ ...original, status: '已办结', updateTime: '2026-12-01 08:00:00' }]);
    expect(sim.orders()).toHaveLength(500);
  });

  it('answers /health and 404 for unknown routes', async () => {
    expect((await fetch(`${sim.url}/health`)).status).toBe(200);
    const missing = await fetch(`${sim.url}/api/12345/v1/nothing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ code: 404, message: 'not found' });
  });
});
