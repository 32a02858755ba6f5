import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Registry } from 'prom-client';
import { type Logger } from '../logging/logger';
import { probe, type ReadinessChecks } from './readiness';

export interface OpsServerOptions {
  host: string;
  port: number;
  registry: Registry;
  ready: ReadinessChecks;
  logger: Logger;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * The small HTTP side of an app that has no HTTP API (the connectors, the router): `/metrics`, `/health/live` and
 * `/health/ready`, nothing else. A plain node:http server rather than a second Nest application: three GET routes
 * need no guards, pipes or body parsing, and it keeps the Kafka microservice the only Nest application in the process
 * (decision 025).
 */
export class OpsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(private readonly opts: OpsServerOptions) {}

  /** Listens before the app's other start-up work ends (Nest runs these hooks side by side): a router waiting for
   * Kafka is live, and says it is not ready. */
  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  async listen(): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        this.opts.logger.warn({ err: e, path: req.url }, 'ops request failed');
        if (!res.headersSent) send(res, 500, 'text/plain', 'error\n');
        else res.end();
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port, this.opts.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { address, port } = server.address() as AddressInfo;
    const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
    this.opts.logger.info({ url }, 'ops http listening');
    return url;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'text/plain', 'method not allowed\n');
    if (path === '/metrics')
      return send(res, 200, this.opts.registry.contentType, await this.opts.registry.metrics());
    if (path === '/health/live') return send(res, 200, 'application/json', JSON.stringify({ status: 'ok' }));
    if (path === '/health/ready') {
      const report = await probe(this.opts.ready);
      return send(res, report.status === 'ok' ? 200 : 503, 'application/json', JSON.stringify(report));
    }
    send(res, 404, 'text/plain', 'not found\n');
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
