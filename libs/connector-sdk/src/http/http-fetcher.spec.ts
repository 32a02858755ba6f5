import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { CircuitOpenError } from './circuit-breaker';
import { fakeClock } from '../../../../test/support/fake-clock';
import { HttpFetcher, MAX_BODY_BYTES, retryAfterMs } from './http-fetcher';

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, capped at two minutes', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('100000')).toBe(120000);
    const now = Date.parse('2026-11-27T08:00:00Z');
    expect(retryAfterMs('Fri, 27 Nov 2026 08:00:10 GMT', now)).toBe(10000);
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});

/** A local server whose handler decides each answer; it counts requests in flight at once. */
async function testServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>,
): Promise<{ url: string; peak: () => number; hits: () => number; close: () => Promise<void> }> {
  let active = 0;
  let peak = 0;
  let hits = 0;
  const server = createServer((req, res) => {
    active += 1;
    hits += 1;
    peak = Math.max(peak, active);
    res.on('close', () => (active -= 1));
    void Promise.resolve(handler(req, res)).catch(() => res.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    peak: () => peak,
    hits: () => hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('HttpFetcher politeness per host', () => {
  const servers: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('never has two requests to one host in flight at once', async () => {
    // Each answer is held until the next request has had every chance to arrive.
    const srv = await testServer(async (_req, res) => {
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setTimeout(r, 20));
      res.end('ok');
    });
    servers.push(srv);
    const http = new HttpFetcher({ timeoutMs: 5000, retries: 0, baseBackoffMs: 1 });
    const results = await Promise.all([1, 2, 3, 4].map((i) => http.get(`${srv.url}/p${i}`)));
    expect(results.map((r) => r.body)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(srv.hits()).toBe(4);
    expect(srv.peak()).toBe(1);
  });

  it('does overlap when perHost.concurrency allows it (the counter sees concurrency)', async () => {
    const bothArrived = deferred();
    let arrived = 0;
    const srv = await testServer(async (_req, res) => {
      if (++arrived === 2) bothArrived.resolve();
      await bothArrived.promise;
      res.end('ok');
    });
    servers.push(srv);
    const http = new HttpFetcher({
      timeoutMs: 5000,
      retries: 0,
      baseBackoffMs: 1,
      perHost: { concurrency: 2 },
    });
    await Promise.all([http.get(`${srv.url}/a`), http.get(`${srv.url}/b`)]);
    expect(srv.peak()).toBe(2);
  });

  it('lets two hosts proceed in parallel', async () => {
    // Host A answers only once host B has been asked: if B waited for A, A would time out.
    const bAsked = deferred();
    const a = await testServer(async (_req, res) => {
      await bAsked.promise;
      res.end('a');
    });
    const b = await testServer((_req, res) => {
      bAsked.resolve();
      res.end('b');
    });
    servers.push(a, b);
    const http = new HttpFetcher({ timeoutMs: 5000, retries: 0, baseBackoffMs: 1 });
    const [ra, rb] = await Promise.all([http.get(`${a.url}/x`), http.get(`${b.url}/y`)]);
    expect([ra.body, rb.body]).toEqual(['a', 'b']);
  });

  it('spaces request starts to one host by minIntervalMs', async () => {
    const clock = fakeClock();
    const t0 = clock.now();
    const startedAt: number[] = [];
    const srv = await testServer((_req, res) => {
      startedAt.push(clock.now() - t0);
      res.end('ok');
    });
    servers.push(srv);
    const http = new HttpFetcher({
      timeoutMs: 5000,
      retries: 0,
      baseBackoffMs: 1,
      perHost: { minIntervalMs: 2500 },
      clock,
    });
    await Promise.all([http.get(`${srv.url}/1`), http.get(`${srv.url}/2`), http.get(`${srv.url}/3`)]);
    expect(startedAt).toEqual([0, 2500, 5000]);
    expect(clock.sleeps).toEqual([2500, 2500]);
  });
});

describe('HttpFetcher circuit breaker', () => {
  let srv: Awaited<ReturnType<typeof testServer>>;
  let status = 503;
  beforeEach(async () => {
    status = 503;
    srv = await testServer((_req, res) => {
      res.statusCode = status;
      res.end(status === 200 ? 'fine' : 'busy');
    });
  });
  afterEach(() => srv.close());

  it('fails fast after consecutive temporary failures, then one trial request decides', async () => {
    const clock = fakeClock();
    const http = new HttpFetcher({
      timeoutMs: 5000,
      retries: 2,
      baseBackoffMs: 10,
      breaker: { threshold: 5, coolDownMs: 60_000 },
      clock,
    });
    // 3 attempts, then 2 more: the fifth consecutive failure opens the circuit (no sixth attempt).
    await expect(http.get(`${srv.url}/a`)).rejects.toMatchObject({ kind: 'temporary' });
    await expect(http.get(`${srv.url}/a`)).rejects.toThrow(/circuit open/);
    expect(srv.hits()).toBe(5);
    await expect(http.getBytes(`${srv.url}/b`)).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(http.send(`${srv.url}/c`, { method: 'POST', json: {} })).rejects.toMatchObject({
      kind: 'temporary',
      message: expect.stringMatching(/^circuit open/) as unknown,
    });
    expect(srv.hits()).toBe(5);

    // Cool-down over, host still failing: the single trial re-opens the circuit.
    clock.advance(60_000);
    await expect(http.get(`${srv.url}/a`)).rejects.toThrow(/circuit open/);
    expect(srv.hits()).toBe(6);

    // Next cool-down over, host recovered: the trial closes the circuit.
    clock.advance(60_000);
    status = 200;
    await expect(http.get(`${srv.url}/a`)).resolves.toMatchObject({ body: 'fine' });
    await expect(http.get(`${srv.url}/a`)).resolves.toMatchObject({ body: 'fine' });
    expect(srv.hits()).toBe(8);
  });

  it('does not count answers that are not temporary (404) and keeps hosts apart', async () => {
    const clock = fakeClock();
    const http = new HttpFetcher({
      timeoutMs: 5000,
      retries: 0,
      baseBackoffMs: 1,
      breaker: { threshold: 2 },
      clock,
    });
    await expect(http.get(`${srv.url}/a`)).rejects.toMatchObject({ kind: 'temporary' });
    status = 404;
    await expect(http.get(`${srv.url}/a`)).rejects.toMatchObject({ kind: 'not_found' });
    status = 503;
    await expect(http.get(`${srv.url}/a`)).rejects.toThrow(/answered 503/);
    expect(http.breaker.state(new URL(srv.url).host)).toBe('closed');
    await expect(http.get(`${srv.url}/a`)).rejects.toThrow(/answered 503/);
    await expect(http.get(`${srv.url}/a`)).rejects.toThrow(/circuit open/);
    expect(srv.hits()).toBe(4);
    expect(http.breaker.state(new URL(srv.url).host)).toBe('open');
    expect(http.breaker.state('elsewhere.example')).toBe('closed');
  });
});

describe('HttpFetcher conditional requests', () => {
  let srv: Awaited<ReturnType<typeof testServer>>;
  const seen: { ifNoneMatch?: string; ifModifiedSince?: string }[] = [];
  const ETAG = '"v1"';
  const MODIFIED = 'Fri, 27 Nov 2026 08:00:00 GMT';
  beforeAll(async () => {
    srv = await testServer((req, res) => {
      const ifNoneMatch = req.headers['if-none-match'];
      const ifModifiedSince = req.headers['if-modified-since'];
      seen.push({ ifNoneMatch, ifModifiedSince });
      res.setHeader('etag', ETAG);
      res.setHeader('last-modified', MODIFIED);
      res.setHeader('content-type', 'text/html; charset=utf-8');
      if (ifNoneMatch === ETAG || ifModifiedSince === MODIFIED) {
        res.statusCode = 304;
        res.end();
        return;
      }
      res.end('<p>list</p>');
    });
  });
  afterAll(() => srv.close());

  it('exposes the validators, sends them back, and returns a 304 instead of throwing', async () => {
    const http = new HttpFetcher({ timeoutMs: 5000, retries: 0, baseBackoffMs: 1 });
    const first = await http.get(`${srv.url}/list`);
    expect(first).toMatchObject({ status: 200, body: '<p>list</p>', etag: ETAG, lastModified: MODIFIED });
    expect(first.notModified).toBeUndefined();

    const byEtag = await http.get(`${srv.url}/list`, { etag: first.etag });
    expect(byEtag).toMatchObject({ status: 304, notModified: true, body: '', etag: ETAG });
    expect(seen.at(-1)).toEqual({ ifNoneMatch: ETAG, ifModifiedSince: undefined });

    const byDate = await http.get(`${srv.url}/list`, { lastModified: first.lastModified });
    expect(byDate).toMatchObject({ status: 304, notModified: true, body: '', lastModified: MODIFIED });
    expect(seen.at(-1)).toEqual({ ifNoneMatch: undefined, ifModifiedSince: MODIFIED });

    const stale = await http.get(`${srv.url}/list`, { etag: '"v0"' });
    expect(stale).toMatchObject({ status: 200, body: '<p>list</p>' });

    const bytes = await http.getBytes(`${srv.url}/list`, { etag: ETAG });
    expect(bytes).toMatchObject({ status: 304, notModified: true });
    expect(bytes.body).toHaveLength(0);
  });
});

describe('HttpFetcher form bodies', () => {
  it('sends `form` as an HTML form would: urlencoded UTF-8, the caller’s headers kept', async () => {
    let seen: { type?: string; referer?: string; body: string } = { body: '' };
    const srv = await testServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      seen = {
        type: req.headers['content-type'],
        referer: req.headers.referer,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      res.end('{}');
    });
    try {
      const http = new HttpFetcher({ timeoutMs: 2000, retries: 0, baseBackoffMs: 10 });
      await http.send(`${srv.url}/q`, {
        method: 'POST',
        form: { fid: 1234, name: '阜阳 市&长', lastItem: 0 },
        headers: { referer: `${srv.url}/list` },
      });
      expect(seen.type).toBe('application/x-www-form-urlencoded; charset=UTF-8');
      expect(seen.referer).toBe(`${srv.url}/list`);
      expect(Object.fromEntries(new URLSearchParams(seen.body))).toEqual({
        fid: '1234',
        name: '阜阳 市&长',
        lastItem: '0',
      });
    } finally {
      await srv.close();
    }
  });
});

describe('HttpFetcher body limit', () => {
  it('reads at most 20 MB of a body by default, and up to maxBytes when the caller raises it', async () => {
    const body = Buffer.alloc(MAX_BODY_BYTES + 1024 * 1024, 7);
    const srv = await testServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': body.length }).end(body);
    });
    try {
      const http = new HttpFetcher({ timeoutMs: 10_000, retries: 0, baseBackoffMs: 1 });
      await expect(http.getBytes(`${srv.url}/clip.mp4`)).rejects.toThrow(/maxContentLength/);
      const raised = await http.getBytes(`${srv.url}/clip.mp4`, { maxBytes: body.length });
      expect(raised.body.length).toBe(body.length);
      await expect(http.getBytes(`${srv.url}/clip.mp4`, { maxBytes: body.length - 1 })).rejects.toThrow(
        /maxContentLength/,
      );
    } finally {
      await srv.close();
    }
  });
});
