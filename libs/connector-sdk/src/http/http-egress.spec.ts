import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo, Socket } from 'node:net';
import { EgressPolicy } from '../egress';
import { ConnectorError } from './connector-error';
import { HttpFetcher } from './http-fetcher';

/** Two local origins (two ports): redirects between them are cross-origin. */
async function origin(
  handle: (path: string, res: import('node:http').ServerResponse) => void,
  seen: { path: string; headers: IncomingHttpHeaders }[],
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    handle(req.url ?? '', res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const fetcher = (egress: EgressPolicy) =>
  new HttpFetcher({ timeoutMs: 2000, retries: 0, baseBackoffMs: 1, egress });

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ConnectorError) return e;
    throw e;
  }
  throw new Error('expected a ConnectorError');
}

describe('HttpFetcher and the egress policy', () => {
  const seenA: { path: string; headers: IncomingHttpHeaders }[] = [];
  const seenB: { path: string; headers: IncomingHttpHeaders }[] = [];
  let a: { server: Server; url: string };
  let b: { server: Server; url: string };
  const loopback = new EgressPolicy({ allowCidrs: ['127.0.0.0/8'] });

  beforeAll(async () => {
    b = await origin((_, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('b'), seenB);
    a = await origin((path, res) => {
      if (path === '/same') res.writeHead(302, { location: '/final' }).end();
      else if (path === '/away') res.writeHead(302, { location: `${b.url}/stolen` }).end();
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('a');
    }, seenA);
  });
  afterAll(async () => {
    for (const s of [a.server, b.server]) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });
  afterEach(() => jest.restoreAllMocks());

  it('follows a redirect within the origin, headers kept', async () => {
    const res = await fetcher(loopback).get(`${a.url}/same`, { headers: { authorization: 'Bearer t0k' } });
    expect(res.body).toBe('a');
    expect(seenA.at(-1)).toMatchObject({ path: '/final', headers: { authorization: 'Bearer t0k' } });
  });

  it('refuses a redirect to another origin: the token never reaches it', async () => {
    for (const call of [
      (f: HttpFetcher) => f.get(`${a.url}/away`, { headers: { authorization: 'Bearer t0k' } }),
      (f: HttpFetcher) =>
        f.send(`${a.url}/away`, { method: 'POST', json: {}, headers: { 'x-api-key': 't0k' } }),
      (f: HttpFetcher) => f.getBytes(`${a.url}/away`, { headers: { authorization: 'Bearer t0k' } }),
    ]) {
      const e = await failure(call(fetcher(loopback)));
      expect(e).toMatchObject({ kind: 'forbidden', refusal: 'redirect_refused' });
      expect(e.message).not.toContain('/stolen');
    }
    expect(seenB).toEqual([]);
  });

  it('refuses a name resolving to a private address before opening a socket, unless allowlisted', async () => {
    const connect = jest.spyOn(Socket.prototype, 'connect');
    const policy = new EgressPolicy({
      resolver: () => Promise.resolve([{ address: '10.0.0.8', family: 4 }]),
    });
    const e = await failure(fetcher(policy).get('http://intranet.test/x?token=abc'));
    expect(e).toMatchObject({ kind: 'forbidden', refusal: 'target_refused' });
    expect(e.message).toBe('target_refused: GET http://intranet.test refused by the egress policy (private)');
    for (const url of ['ftp://x.test/', 'http://169.254.169.254/', 'http://[::ffff:127.0.0.1]:1/'])
      expect((await failure(fetcher(policy).get(url))).refusal).toBe('target_refused');
    expect(connect).not.toHaveBeenCalled();
    // Allowlisted for one instance, through a view of the same fetcher.
    const local = new EgressPolicy({
      resolver: () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]),
    });
    const base = fetcher(local);
    const port = new URL(a.url).port;
    expect((await failure(base.get(`http://site.test:${port}/`))).refusal).toBe('target_refused');
    const res = await base.withEgressAllow(['127.0.0.1/32']).get(`http://site.test:${port}/`);
    expect(res.body).toBe('a');
    expect(seenA.at(-1)?.headers.host).toBe(`site.test:${port}`);
  });
});
