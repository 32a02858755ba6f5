import { startSimulator, type Simulator } from '../../../../test/simulator/simulator';
import { generateWorkOrders } from '../../../../test/simulator/hotline-orders';
import { collect } from '../../../../test/support/pulled-pages';
import { type ConnectorContext, type PulledPage } from '@minsheng/connector-sdk';
import { HttpFetcher } from '@minsheng/connector-sdk/http';
import { hotline12345Connector } from './hotline-12345.connector';
import { hotline12345ConfigSchema } from './hotline-12345.config';

describe('hotline_12345 connector against the simulator', () => {
  const orders = generateWorkOrders(120, 99).map((g) => g.order);
  let sim: Simulator;
  const ctx: ConnectorContext = {
    http: new HttpFetcher({ timeoutMs: 2000, retries: 2, baseBackoffMs: 10 }),
    piiHashKey: 'unit-test-pii-key',
  };

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, orders });
  });
  afterAll(async () => {
    await sim.close();
  });

  const config = () => hotline12345ConfigSchema.parse({ baseUrl: sim.url, token: sim.token, pageSize: 50 });

  it('pages through every work order once and ends with a cursor at the newest updateTime', async () => {
    const pages = await collect(hotline12345Connector.pull(config(), null, ctx));
    expect(pages.map((p) => p.records.length)).toEqual([50, 50, 20]);
    const ids = pages.flatMap((p) => p.records.map((r) => r.externalId));
    expect(new Set(ids).size).toBe(120);
    expect(pages[0].cursor).toMatchObject({ page: 2 });
    const newest = orders
      .map((o) => o.updateTime)
      .sort()
      .at(-1);
    expect(pages[2].cursor).toEqual({ since: newest, page: 1 });
  });

  it('maps a work order field by field, hashing and masking the phone', async () => {
    const [first] = await collect(hotline12345Connector.pull(config(), null, ctx));
    const record = first.records[0];
    const order = orders.find((o) => o.recordNo === record.externalId);
    expect(order).toBeDefined();
    if (!order || !record.draft) throw new Error('unreachable');
    expect(JSON.parse(record.raw)).toEqual(order);
    expect(record.draft.submittedAt).toBe(`${order.acceptTime.replace(' ', 'T')}+08:00`);
    expect(record.draft.content).toBe(order.appealContent);
    expect(record.draft.sourceTypeLabel).toBe(order.appealType);
    expect(record.draft.reporter.phoneMasked).toBe(
      `${order.contactPhone.slice(0, 3)}****${order.contactPhone.slice(7)}`,
    );
    expect(record.draft.reporter.phoneHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(record.draft)).not.toContain(order.contactPhone);
    expect(record.draft.location.addressText ?? '').toBe(order.incidentAddress);
  });

  it('resumes from a mid-run cursor without re-reading earlier pages', async () => {
    const before = sim.requestCount();
    const pages = await collect(hotline12345Connector.pull(config(), { page: 3 }, ctx));
    expect(pages).toHaveLength(1);
    expect(sim.requestCount() - before).toBe(1);
  });

  it('retries a 503 and still returns the page', async () => {
    sim.setFaults({ failNext: 1 });
    const pages = await collect(hotline12345Connector.pull(config(), { page: 3 }, ctx));
    expect(pages[0].records).toHaveLength(20);
  });

  it('check reports a wrong token against the token field, publishing nothing', async () => {
    const result = await hotline12345Connector.check({ ...config(), token: 'wrong' }, ctx);
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatchObject({ field: 'token' });
    const good = await hotline12345Connector.check(config(), ctx);
    expect(good).toEqual({ ok: true, sample: 5, errors: [] });
  });

  it('reads again, next run, a window in which an update made a record slip between two pages', async () => {
    const own = await startSimulator({ port: 0, orders: generateWorkOrders(120, 7).map((g) => g.order) });
    try {
      const cfg = hotline12345ConfigSchema.parse({ baseUrl: own.url, token: own.token, pageSize: 50 });
      const pages: PulledPage[] = [];
      let moved = '';
      for await (const page of hotline12345Connector.pull(cfg, null, ctx)) {
        pages.push(page);
        if (pages.length === 1) {
          // An order of page 1 is updated now: it jumps to the end, everything after it moves back one place,
          // and the first order of page 2 slides onto page 1, which was already read.
          const ordered = own
            .orders()
            .sort((a, b) => (a.updateTime + a.recordNo < b.updateTime + b.recordNo ? -1 : 1));
          const victim = ordered[10];
          moved = ordered[50].recordNo;
          const now = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
          own.upsertOrder({ ...victim, status: '已办结', updateTime: now });
        }
      }
      const firstRun = new Set(pages.flatMap((p) => p.records.map((r) => r.externalId)));
      expect(firstRun.has(moved)).toBe(false); // it slipped
      const next = await collect(hotline12345Connector.pull(cfg, pages[pages.length - 1].cursor, ctx));
      expect(next.flatMap((p) => p.records).some((r) => r.externalId === moved)).toBe(true);
    } finally {
      await own.close();
    }
  });

  it('rejects a config without a base URL', () => {
    expect(hotline12345ConfigSchema.safeParse({ token: 'x' }).success).toBe(false);
  });
});
