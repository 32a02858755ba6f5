import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleWorkOrders, sendJson, sortWorkOrders, WORK_ORDERS_PATH } from './hotline-api';
import { generateWorkOrders, type HotlineWorkOrder } from './hotline-orders';

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  token?: string;
  /** Defaults to generateWorkOrders(500) with the default seed. */
  orders?: HotlineWorkOrder[];
}

export interface SimulatorFaults {
  /** Delay before answering each work-order request, to exercise client timeouts. */
  pageDelayMs?: number;
  /** Answer the next N work-order requests with 503. */
  failNext?: number;
}

export interface Simulator {
  url: string;
  token: string;
  orders(): HotlineWorkOrder[];
  upsertOrder(o: HotlineWorkOrder): void;
  setFaults(f: SimulatorFaults): void;
  /** Work-order requests received, including those answered 401/400/503. */
  requestCount(): number;
  close(): Promise<void>;
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? 'sim-token';
  // Keyed by recordNo so upsertOrder replaces in place; copies keep callers from mutating served data.
  const store = new Map<string, HotlineWorkOrder>();
  for (const o of opts.orders ?? generateWorkOrders(500).map((g) => g.order)) store.set(o.recordNo, { ...o });

  // Export order is computed once and again only after a change, not per request.
  let sorted: HotlineWorkOrder[] | null = null;
  const inExportOrder = (): HotlineWorkOrder[] => (sorted ??= sortWorkOrders([...store.values()]));

  let pageDelayMs = 0;
  let failNext = 0;
  let served = 0;
  const pending = new Set<NodeJS.Timeout>();

  const answerWorkOrders = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    served++;
    // Decided on arrival so a fault hits exactly the next N requests, whatever their timing.
    const fail = failNext > 0;
    if (fail) failNext--;
    const respond = (): void => {
      if (fail) sendJson(res, 503, { code: 503, message: 'service unavailable' });
      else handleWorkOrders(req, res, url, { token, orders: inExportOrder });
    };
    if (pageDelayMs <= 0) {
      respond();
      return;
    }
    const timer = setTimeout(() => {
      pending.delete(timer);
      respond();
    }, pageDelayMs);
    pending.add(timer);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    if (url.pathname === WORK_ORDERS_PATH) answerWorkOrders(req, res, url);
    else if (url.pathname === '/health' && req.method === 'GET') sendJson(res, 200, { status: 'ok' });
    else sendJson(res, 404, { code: 404, message: 'not found' });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    token,
    orders: () => [...store.values()].map((o) => ({ ...o })),
    upsertOrder: (o) => {
      store.set(o.recordNo, { ...o });
      sorted = null;
    },
    setFaults: (f) => {
      if (f.pageDelayMs !== undefined) pageDelayMs = Math.max(0, f.pageDelayMs);
      if (f.failNext !== undefined) failNext = Math.max(0, Math.floor(f.failNext));
    },
    requestCount: () => served,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of pending) clearTimeout(timer);
        pending.clear();
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets from fetch and delayed requests would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
