import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;

export interface LocalServer {
  /** e.g. http://127.0.0.1:43210 */
  origin: string;
  close(): Promise<void>;
}

/**
 * The small stand-alone servers of the channel simulators: one handler, a 404 for what it does not take, port 0
 * for a free port, and a close that does not wait for keep-alive connections.
 */
export async function serveLocally(
  handle: RouteHandler,
  notFound: (res: ServerResponse) => void,
  opts: { port?: number; host?: string } = {},
): Promise<LocalServer> {
  const host = opts.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    if (!handle(req, res, url)) notFound(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
