import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { AppProcess, type AppName } from '../support/app-process';
import { startHub, type HubFixture } from '../support/hub-fixture';
import { waitFor } from '../support/kafka-helpers';

/** A port nothing listens on: a Kafka "broker" that refuses every connection. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A TCP relay to PostgreSQL that the test can cut and restore, as a network partition would (the shared server stays up). */
class PostgresRelay {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async open(): Promise<void> {
    const server = createServer((client) => {
      const pg = connect(5432, '127.0.0.1');
      for (const s of [client, pg]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(pg).pipe(client);
      const end = () => {
        client.destroy();
        pg.destroy();
      };
      client.on('close', end);
      pg.on('close', end);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server?.close(() => resolve()) ?? resolve());
  }
}

async function get(url: string): Promise<{ status: number; body: unknown; text: string }> {
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as unknown, text };
}

/** Nothing a public probe answers may say why: no driver message, address or stack. */
function expectNoDetails(text: string): void {
  expect(text).not.toMatch(/ECONNREFUSED|refused|error|timeout|127\.0\.0\.1|:\d{4,5}|at /i);
}

describe('probes: /health/live and /health/ready of every app', () => {
  let hub: HubFixture;
  const extra: AppProcess[] = [];
  let relay: PostgresRelay | undefined;

  beforeAll(async () => {
    hub = await startHub('probes');
  });

  afterAll(async () => {
    await Promise.all(extra.map((a) => a.kill('SIGTERM')));
    await relay?.cut();
    await hub?.close();
  });

  it.each<[AppName, Record<string, string>]>([
    ['gateway', { postgres: 'up' }],
    ['connectors', { postgres: 'up' }],
    ['router', { postgres: 'up', kafka: 'up' }],
  ])('%s: live, and ready with what it needs up', async (app, checks) => {
    await hub.apps[app].start();
    const url = await hub.apps[app].httpUrl();
    expect(await get(`${url}/health/live`)).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await get(`${url}/health/ready`);
    expect(ready).toMatchObject({ status: 200, body: { status: 'ok', checks } });
    expect(Object.keys((ready.body as { checks: object }).checks).sort()).toEqual(Object.keys(checks).sort());
    expectNoDetails(ready.text);
  });

  it('gateway: /health keeps its shape, with no latency or error text', async () => {
    const health = await get(`${await hub.apps.gateway.httpUrl()}/health`);
    expect(health).toMatchObject({ status: 200 });
    expect(health.body).toEqual({
      status: 'ok',
      checks: { postgres: { status: 'up' }, kafka: { status: 'up' } },
    });
  });

  describe('with Kafka unreachable (a dead broker port)', () => {
    let env: Record<string, string>;
    beforeAll(async () => {
      env = {
        ...hub.env,
        KAFKA_BROKERS: `127.0.0.1:${await deadPort()}`,
        GATEWAY_PORT: String(Number(hub.env.GATEWAY_PORT) + 700),
      };
    });

    it('gateway stays ready (reads and push intake go through PostgreSQL); /health says kafka down, 503', async () => {
      const gateway = new AppProcess('gateway', env);
      extra.push(gateway);
      await gateway.start();
      const url = await gateway.httpUrl();
      const ready = await get(`${url}/health/ready`);
      expect(ready).toMatchObject({ status: 200, body: { status: 'ok', checks: { postgres: 'up' } } });
      const health = await get(`${url}/health`);
      expect(health.status).toBe(503);
      expect(health.body).toEqual({
        status: 'degraded',
        checks: { postgres: { status: 'up' }, kafka: { status: 'down' } },
      });
      expectNoDetails(health.text);
    });

    it('connectors stay ready (pulls go to PostgreSQL, the relay waits); the router is live but not ready', async () => {
      const connectors = new AppProcess('connectors', env);
      const router = new AppProcess('router', env);
      extra.push(connectors, router);
      await connectors.start();
      await router.start(60_000, 'ops http listening');
      expect(await get(`${await connectors.httpUrl()}/health/ready`)).toMatchObject({ status: 200 });
      const routerUrl = await router.httpUrl();
      expect(await get(`${routerUrl}/health/live`)).toMatchObject({ status: 200, body: { status: 'ok' } });
      const ready = await get(`${routerUrl}/health/ready`);
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ status: 'unavailable', checks: { postgres: 'up', kafka: 'down' } });
      expectNoDetails(ready.text);
    });
  });

  it('gateway: not ready while PostgreSQL is unreachable, ready again when it is back', async () => {
    relay = new PostgresRelay();
    await relay.open();
    const url = new URL(hub.db.url);
    url.port = String(relay.port);
    const gateway = new AppProcess('gateway', {
      ...hub.env,
      DATABASE_URL: url.toString(),
      GATEWAY_PORT: String(Number(hub.env.GATEWAY_PORT) + 800),
    });
    extra.push(gateway);
    await gateway.start();
    const base = await gateway.httpUrl();
    expect((await get(`${base}/health/ready`)).status).toBe(200);

    await relay.cut();
    const ready = await get(`${base}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'unavailable', checks: { postgres: 'down' } });
    expectNoDetails(ready.text);
    // Liveness checks nothing: restarting the process would not bring the database back.
    expect((await get(`${base}/health/live`)).status).toBe(200);

    await relay.open();
    await waitFor('ready again', async () => (await get(`${base}/health/ready`)).status === 200, 30_000, 500);
  });
});
