import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo, Socket } from 'node:net';
import { EgressPolicy, type Resolver } from '@minsheng/connector-sdk/egress';
import { sendWebhook } from './webhook-sender';

const delivery = { id: 'whd_1', event: 'ticket.routed', attempt: 1, body: '{"a":1}' };

describe('sendWebhook and the egress policy', () => {
  let server: Server;
  let port: number;
  const seen: IncomingHttpHeaders[] = [];
  let answers: Record<string, string[]>;
  const resolver: Resolver = (host) =>
    Promise.resolve((answers[host] ?? []).map((address) => ({ address, family: 4 as const })));
  const policy = new EgressPolicy({ resolver });

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => server.close(r)));
  afterEach(() => jest.restoreAllMocks());

  it('connects to the address it checked, with the name as Host', async () => {
    const connect = jest.spyOn(Socket.prototype, 'connect');
    answers = { 'hook.example': ['127.0.0.1'] };
    const out = await sendWebhook(
      { url: `http://hook.example:${port}/in`, secret: 's', allow: ['127.0.0.1/32'] },
      delivery,
      2000,
      policy,
    );
    expect(out).toMatchObject({ ok: true, statusCode: 204, code: null });
    expect(seen.at(-1)?.host).toBe(`hook.example:${port}`);
    // The spy the refusals below rely on does see a real connection.
    expect(connect).toHaveBeenCalled();
  });

  it('refuses a name that now resolves to a private address before any socket is opened', async () => {
    const connect = jest.spyOn(Socket.prototype, 'connect');
    answers = { 'hook.example': ['10.0.0.7'] };
    const out = await sendWebhook(
      { url: `http://hook.example:${port}/in`, secret: 's', allow: ['127.0.0.1/32'] },
      delivery,
      2000,
      policy,
    );
    expect(out).toMatchObject({ ok: false, statusCode: null, code: 'target_refused' });
    expect(out.error).toMatch(/private/);
    expect(connect).not.toHaveBeenCalled();
  });

  it('refuses loopback without an allowlist, literal or mapped, before connecting', async () => {
    const connect = jest.spyOn(Socket.prototype, 'connect');
    for (const url of [`http://127.0.0.1:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`]) {
      const out = await sendWebhook({ url, secret: 's', allow: [] }, delivery, 2000, policy);
      expect(out.code).toBe('target_refused');
    }
    expect(connect).not.toHaveBeenCalled();
  });

  it('reports a redirect as refused and a connection error coarsely', async () => {
    const redirecting = createServer((_, res) => res.writeHead(302, { location: 'http://10.0.0.1/' }).end());
    await new Promise<void>((r) => redirecting.listen(0, '127.0.0.1', r));
    const other = (redirecting.address() as AddressInfo).port;
    const connect = jest.spyOn(Socket.prototype, 'connect');
    const out = await sendWebhook(
      { url: `http://127.0.0.1:${other}/`, secret: 's', allow: ['127.0.0.1'] },
      delivery,
      2000,
      policy,
    );
    expect(out).toMatchObject({ ok: false, statusCode: 302, code: 'redirect_refused' });
    // One socket, to the loopback receiver: the 10.0.0.1 the redirect names is never dialled.
    expect(connect).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(connect.mock.calls)).not.toContain('10.0.0.1');
    connect.mockRestore();
    await new Promise((r) => redirecting.close(r));
    const closed = await sendWebhook(
      { url: `http://127.0.0.1:${other}/`, secret: 's', allow: ['127.0.0.1'] },
      delivery,
      2000,
      policy,
    );
    expect(closed).toMatchObject({
      ok: false,
      code: 'connection_failed',
      error: 'connection failed: ECONNREFUSED',
    });
  });
});
