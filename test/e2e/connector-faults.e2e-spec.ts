import { appealId } from '../../libs/shared/src/ids';
import { SecretBox } from '../../libs/shared/src/secrets';
import { sortWorkOrders } from '../simulator/hotline-api';
import { generateWorkOrders } from '../simulator/hotline-orders';
import { startSimulator, type Simulator } from '../simulator/simulator';
import { PULL_HARNESS_SECRETS_KEY, startPullHarness, type PullHarness } from '../support/pull-harness';

const ORDERS = generateWorkOrders(120, 2026).map((g) => g.order);
/** 120 orders at pageSize 20. */
const PAGES = 6;

/**
 * The 12345 connector against a misbehaving export, one pull at a time through the connectors app's PullRunner: every
 * fault is either ridden out (the run succeeds) or reported on the instance's status row, and a later pull after a
 * failure ends with exactly the export's records, each once, with one outbox message each.
 */
describe('hotline_12345 connector under upstream faults', () => {
  let sim: Simulator;
  let h: PullHarness;
  let id: string;

  beforeEach(async () => {
    sim = await startSimulator({ port: 0, orders: ORDERS });
    h = await startPullHarness('faults');
    id = await h.addHotlineInstance(sim);
  });

  afterEach(async () => {
    await sim?.close();
    await h?.close();
  });

  /** Every record the export serves is in appeal_items exactly once (revision 1) with one outbox message. */
  async function expectExactlyTheExport(except: string[] = []): Promise<void> {
    const expected = sim
      .orders()
      .map((o) => o.recordNo)
      .filter((r) => !except.includes(r))
      .sort();
    const items = await h.db.query<{ id: string; external_id: string; revision: number }>(
      `SELECT id, external_id, revision FROM appeal_items ORDER BY external_id`,
    );
    expect(items.map((i) => i.external_id)).toEqual(expected);
    expect(items.every((i) => i.revision === 1)).toBe(true);
    expect(items.every((i) => i.id === appealId('hotline_12345', i.external_id))).toBe(true);
    const keys = await h.db.query<{ message_key: string }>(
      `SELECT message_key FROM outbox WHERE topic = 'appeal.items.v1' ORDER BY message_key`,
    );
    expect(keys.map((k) => k.message_key)).toEqual(items.map((i) => i.id).sort());
  }

  async function expectHealthy(): Promise<void> {
    const s = await h.status(id);
    expect(s).toMatchObject({
      state: 'running',
      status_reason: null,
      consecutive_failures: 0,
      retry_at: null,
    });
    expect(s.last_success_at).not.toBeNull();
  }

  /** A failed run: the instance says why, counts the failure and backs off (first backoff: 15–30 s). */
  async function expectFailed(kind: string, message: RegExp): Promise<void> {
    const s = await h.status(id);
    expect(s).toMatchObject({
      state: 'failed',
      status_reason: kind,
      last_error_kind: kind,
      consecutive_failures: 1,
      last_success_at: null,
    });
    expect(s.last_error).toMatch(message);
    const wait = (s.retry_at?.getTime() ?? 0) - Date.now();
    expect(wait).toBeGreaterThan(10_000);
    expect(wait).toBeLessThanOrEqual(30_000);
    const [run] = await h.db.query<{ status: string; error: string | null }>(
      `SELECT status, error FROM connector_runs ORDER BY id DESC LIMIT 1`,
    );
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(message);
  }

  /** The backoff has passed and the export is healthy again: the next pull completes the run. */
  async function recover(): Promise<void> {
    sim.clearFaults();
    await h.db.query(`UPDATE connector_instances SET retry_at = now() - interval '1 second' WHERE id = $1`, [
      id,
    ]);
    const result = await h.pull(id);
    expect(result).toMatchObject({ status: 'succeeded', quarantined: 0 });
    await expectHealthy();
    await expectExactlyTheExport();
  }

  it('pulls all pages cleanly without faults', async () => {
    const result = await h.pull(id);
    expect(result).toMatchObject({ status: 'succeeded', fetched: 120, emitted: 120, unchanged: 0 });
    expect(sim.requestCount()).toBe(PAGES);
    await expectHealthy();
    await expectExactlyTheExport();
  });

  it('rides out a single 503 with a retry', async () => {
    sim.setFaults({ faultsStartAfter: 2, failNext: 1 });
    expect(await h.pull(id)).toMatchObject({ status: 'succeeded', fetched: 120, emitted: 120 });
    expect(sim.requestCount()).toBe(PAGES + 1);
    await expectHealthy();
    await expectExactlyTheExport();
  });

  it('rides out a 429, waiting the Retry-After second before asking again', async () => {
    sim.setFaults({ faultsStartAfter: 1, status429Next: 1 });
    const started = Date.now();
    expect(await h.pull(id)).toMatchObject({ status: 'succeeded', emitted: 120 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(sim.requestCount()).toBe(PAGES + 1);
    await expectHealthy();
    await expectExactlyTheExport();
  });

  it('rides out a single request that never answers (client timeout, then retry)', async () => {
    sim.setFaults({ faultsStartAfter: 3, timeoutNext: 1 });
    expect(await h.pull(id)).toMatchObject({ status: 'succeeded', emitted: 120 });
    expect(sim.requestCount()).toBe(PAGES + 1);
    await expectHealthy();
    await expectExactlyTheExport();
  });

  it('reads a body trickled over 2 s to the end: the timeout is an idle timeout, so nothing is retried', async () => {
    sim.setFaults({ faultsStartAfter: 1, slowBodyNext: 1 });
    const started = Date.now();
    expect(await h.pull(id)).toMatchObject({ status: 'succeeded', emitted: 120 });
    // Longer than the 1.5 s timeout, yet one request per page: the timer only watches gaps between chunks.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1800);
    expect(sim.requestCount()).toBe(PAGES);
    await expectHealthy();
    await expectExactlyTheExport();
  });

  it('fails as temporary with a retry_at after a 503 that outlasts the retries, and resumes without loss', async () => {
    // Pages 1 and 2 answer; page 3 gets 503 on all three attempts (retries: 2).
    sim.setFaults({ faultsStartAfter: 2, failNext: 3 });
    const result = await h.pull(id);
    expect(result).toMatchObject({ status: 'failed', fetched: 40, emitted: 40 });
    expect(sim.requestCount()).toBe(2 + 3);
    await expectFailed('temporary', /answered 503/);
    expect((await h.counts()).items).toBe(40);
    const [{ cursor }] = await h.db.query<{ cursor: { page: number } }>(
      `SELECT cursor FROM connector_cursors`,
    );
    expect(cursor.page).toBe(3);
    await recover();
    // The second run resumed at page 3: pages 1 and 2 were not fetched again.
    expect(sim.requestCount()).toBe(2 + 3 + 4);
  });

  it('fails as temporary when every attempt times out, and resumes without loss', async () => {
    sim.setFaults({ faultsStartAfter: 3, timeoutNext: 3 });
    const result = await h.pull(id);
    expect(result).toMatchObject({ status: 'failed', emitted: 60 });
    expect(sim.requestCount()).toBe(3 + 3);
    await expectFailed('temporary', /timeout of 1500ms exceeded/);
    await recover();
  });

  it('fails as malformed, without retrying, on a page whose JSON is cut in half; resumes without loss', async () => {
    sim.setFaults({ faultsStartAfter: 2, truncateNext: 1 });
    const result = await h.pull(id);
    expect(result).toMatchObject({ status: 'failed', emitted: 40 });
    expect(sim.requestCount()).toBe(3);
    await expectFailed('malformed', /page 3 is not JSON/);
    await recover();
  });

  it('fails as forbidden, without retrying, on a 403 WAF page; resumes without loss', async () => {
    sim.setFaults({ forbiddenNext: 1 });
    const result = await h.pull(id);
    expect(result).toMatchObject({ status: 'failed', fetched: 0 });
    expect(sim.requestCount()).toBe(1);
    await expectFailed('forbidden', /answered 403/);
    expect((await h.counts()).items).toBe(0);
    await recover();
  });

  it('takes the records of a ~10 MB page (a huge notice it ignores), under the 20 MB limit', async () => {
    sim.setFaults({ faultsStartAfter: 1, hugePageNext: 1 });
    expect(await h.pull(id)).toMatchObject({ status: 'succeeded', fetched: 120, emitted: 120 });
    expect(sim.requestCount()).toBe(PAGES);
    await expectHealthy();
    await expectExactlyTheExport();
    const [{ longest }] = await h.db.query<{ longest: number }>(
      `SELECT max(length(body)) AS longest FROM raw_captures`,
    );
    expect(longest).toBeLessThan(10_000);
  });

  it('stores each record once when pages overlap (the last 3 of a page repeated on the next)', async () => {
    sim.setFaults({ duplicateAcrossPages: true });
    const result = await h.pull(id);
    const repeats = 3 * (PAGES - 1);
    expect(result).toMatchObject({
      status: 'succeeded',
      fetched: 120 + repeats,
      emitted: 120,
      unchanged: repeats,
    });
    await expectHealthy();
    await expectExactlyTheExport();
    expect(await h.counts()).toMatchObject({ items: 120, heads: 120, itemMessages: 120, dlqMessages: 0 });
  });

  it('quarantines a record without appealContent and stores the others', async () => {
    sim.setFaults({ invalidRecordNext: 1 });
    // The fault strips the middle record of the first page served.
    const victim = sortWorkOrders(ORDERS)[10].recordNo;
    const result = await h.pull(id);
    expect(result).toMatchObject({ status: 'succeeded', fetched: 120, emitted: 119, quarantined: 1 });
    await expectHealthy();
    expect((await h.status(id)).quarantined_total).toBe('1');
    await expectExactlyTheExport([victim]);

    const letters = await h.db.query<{
      stage: string;
      reason_code: string;
      reason: string;
      message_key: string;
    }>(`SELECT stage, reason_code, reason, message_key FROM dead_letters`);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ stage: 'connector', reason_code: 'parse_failed' });
    expect(letters[0].reason).toContain('appealContent');
    expect(letters[0].message_key).toMatch(/^raw:[0-9a-f]{64}$/);
    const [raw] = await h.db.query<{ external_id: string; body: string }>(
      `SELECT external_id, body FROM raw_captures WHERE sha256 = $1`,
      [letters[0].message_key.slice('raw:'.length)],
    );
    expect(raw.external_id).toBe(victim);
    // Sealed at rest; open, it is the record as fetched (without the field the fault stripped).
    expect(raw.body).toMatch(/^enc:v1:/);
    expect(new SecretBox(PULL_HARNESS_SECRETS_KEY).open(raw.body)).not.toContain('appealContent');
    const dlq = await h.db.query<{ message_key: string }>(
      `SELECT message_key FROM outbox WHERE topic = 'appeal.dlq.v1'`,
    );
    expect(dlq).toEqual([{ message_key: letters[0].message_key }]);
  });

  /**
   * Offset paging within "updated since" over data that changes: a record on an already-fetched page is updated
   * mid-run, jumps to the end of the export order, and every later record shifts one place forward, so the record at
   * the page boundary is not served in this run. Before the connector counted the distinct records it read against
   * the export's total (and kept `since` when short), the next run started after that record and it was lost.
   */
  it('does not lose a record when an update mid-run shifts the offset pages', async () => {
    await sim.close();
    const sorted = sortWorkOrders(ORDERS);
    const newest = Date.parse(`${sorted[sorted.length - 1].updateTime.replace(' ', 'T')}+08:00`);
    const later = new Date(newest + 8 * 3600_000 + 60_000).toISOString().slice(0, 19).replace('T', ' ');
    sim = await startSimulator({
      port: 0,
      orders: ORDERS,
      // Page 2 is asked for: meanwhile the 6th record (page 1, already fetched) is closed and moves to the end.
      onWorkOrderRequest: (n) => {
        if (n === 2) sim.upsertOrder({ ...sorted[5], status: '已办结', updateTime: later });
      },
    });
    id = await h.addHotlineInstance(sim, { id: 'hotline-shift' });
    expect(await h.pull(id)).toMatchObject({ status: 'succeeded' });
    expect(await h.pull(id)).toMatchObject({ status: 'succeeded' });
    const stored = await h.db.query<{ external_id: string }>(
      `SELECT DISTINCT external_id FROM appeal_items ORDER BY external_id`,
    );
    // sorted[20], the first record of page 2 before the shift, slipped in run 1 and is read again by run 2.
    expect(stored.map((r) => r.external_id)).toEqual(ORDERS.map((o) => o.recordNo).sort());
  });
});
