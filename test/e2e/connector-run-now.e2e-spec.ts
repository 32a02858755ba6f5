import { generateWorkOrders } from '../simulator/hotline-orders';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { waitFor } from '../support/kafka-helpers';

interface Instance {
  run_requested_at: Date | null;
  last_run_at: Date | null;
  last_success_at: Date | null;
}

/** "Run now": setting run_requested_at makes the connectors app pull an instance outside its cron schedule. */
describe('connector run now', () => {
  let hub: HubFixture;
  let id: string;

  const instance = async () =>
    (
      await hub.db.query<Instance>(
        `SELECT run_requested_at, last_run_at, last_success_at FROM connector_instances WHERE id = $1`,
        [id],
      )
    )[0];
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await hub.db.query<{ n: string }>(sql, params))[0].n);
  const runs = () => count(`SELECT count(*) AS n FROM connector_runs WHERE connector_id = $1`, [id]);

  beforeAll(async () => {
    hub = await startHub('runnow', { orders: generateWorkOrders(40, 2026).map((g) => g.order) });
    // Midnight on 1 January: never during the test.
    id = await hub.addHotlineInstance({ schedule: '0 0 1 1 *' });
    await hub.apps.connectors.start();
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('pulls an instance within seconds of a request, outside its schedule, and clears the request', async () => {
    expect(await runs()).toBe(0);
    await hub.db.query(`UPDATE connector_instances SET run_requested_at = now() WHERE id = $1`, [id]);
    await waitFor('the requested pull', async () => (await instance()).last_success_at !== null, 15000);
    const s = await instance();
    expect(s.run_requested_at).toBeNull();
    expect(s.last_run_at).not.toBeNull();
    expect(await runs()).toBe(1);
    const [run] = await hub.db.query<{ status: string; fetched: number; emitted: number }>(
      `SELECT status, fetched, emitted FROM connector_runs WHERE connector_id = $1`,
      [id],
    );
    expect(run).toMatchObject({ status: 'succeeded', fetched: 40, emitted: 40 });
    expect(await count(`SELECT count(*) AS n FROM appeal_items WHERE connector_id = $1`, [id])).toBe(40);
    expect(hub.apps.connectors.lines.some((l) => l.includes('run requested; pulling now'))).toBe(true);
  });

  it('serves a later request again, once', async () => {
    await hub.db.query(`UPDATE connector_instances SET run_requested_at = now() WHERE id = $1`, [id]);
    await waitFor('a second pull', async () => (await runs()) === 2, 15000);
    await waitFor(
      'the second pull to finish',
      async () =>
        (await count(
          `SELECT count(*) AS n FROM connector_runs WHERE connector_id = $1 AND finished_at IS NULL`,
          [id],
        )) === 0,
      15000,
    );
    expect((await instance()).run_requested_at).toBeNull();
    // Nothing new upstream: the second pull found every item unchanged.
    expect(await count(`SELECT count(*) AS n FROM appeal_items WHERE connector_id = $1`, [id])).toBe(40);
  });

  it('ignores a request that the last run already served, and one for a paused instance', async () => {
    await hub.db.query(
      `UPDATE connector_instances SET run_requested_at = last_run_at - interval '1 minute' WHERE id = $1`,
      [id],
    );
    await hub.db.query(
      `INSERT INTO connector_instances (id, type, name, config, schedule, state, run_requested_at)
       SELECT 'paused-one', type, name, config, schedule, 'paused', now() FROM connector_instances WHERE id = $1`,
      [id],
    );
    // Several poll intervals (1 s each) pass.
    await new Promise((r) => setTimeout(r, 4000));
    expect(await runs()).toBe(2);
    expect(await count(`SELECT count(*) AS n FROM connector_runs WHERE connector_id = 'paused-one'`)).toBe(0);
    const [paused] = await hub.db.query<{ run_requested_at: Date | null }>(
      `SELECT run_requested_at FROM connector_instances WHERE id = 'paused-one'`,
    );
    expect(paused.run_requested_at).not.toBeNull();
  });
});
