import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { ConnectorError } from './connector-error';
import { HttpFetcher } from './http-fetcher';

describe('HttpFetcher total deadline', () => {
  let server: Server;
  let url: string;
  const timers = new Set<NodeJS.Timeout>();

  beforeAll(async () => {
    // Headers at once, then one byte every 50 ms for 5 s: never silent long enough for the idle timeout.
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      let n = 0;
      const t = setInterval(() => {
        res.write('x');
        if (++n === 100) {
          clearInterval(t);
          res.end();
        }
      }, 50);
      timers.add(t);
      res.on('close', () => clearInterval(t));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    for (const t of timers) clearInterval(t);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('gives up on a body that trickles past the deadline, as a temporary failure', async () => {
    const fetcher = new HttpFetcher({ timeoutMs: 200, retries: 0, baseBackoffMs: 10 });
    const error = await fetcher.get(url).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).kind).toBe('temporary');
  });
});
