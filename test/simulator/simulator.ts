import { type IncomingMessage, type ServerResponse } from 'node:http';
import {
  checkWorkOrderRequest,
  selectWorkOrders,
  sendJson,
  sortWorkOrders,
  WORK_ORDERS_PATH,
  type WorkOrderPage,
} from './hotline-api';
import {
  DUPLICATE_OVERLAP,
  FaultPlan,
  holdRequest,
  hugeNotice,
  sendForbiddenHtml,
  sendSlowJson,
  sendTruncatedJson,
  withInvalidRecord,
  type RequestFaults,
} from './hotline-faults';
import { generateWorkOrders, type HotlineWorkOrder } from './hotline-orders';
import { serveLocally } from './local-server';

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  token?: string;
  /** Defaults to generateWorkOrders(500) with the default seed. */
  orders?: HotlineWorkOrder[];
  /**
   * Called as each work-order request arrives (1 for the first), before it is answered: lets a test change the
   * data at an exact point of a client's paging, e.g. update a record between page 1 and page 2.
   */
  onWorkOrderRequest?: (n: number) => void;
}

/** Faults of the work-order export; see {@link RequestFaults} for the per-request ones. */
export interface SimulatorFaults extends RequestFaults {
  /** Delay before answering each work-order request, to exercise client timeouts. */
  pageDelayMs?: number;
}

export interface SimulatorRequest {
  method: string;
  path: string;
  userAgent: string;
}

export interface Simulator {
  url: string;
  token: string;
  orders(): HotlineWorkOrder[];
  upsertOrder(o: HotlineWorkOrder): void;
  /** Sets the given faults; those not mentioned keep their current value. */
  setFaults(f: SimulatorFaults): void;
  /** Back to a healthy export: no delay, no queued faults, no duplicates. */
  clearFaults(): void;
  /** Work-order requests received, including those answered 401/400/503. */
  requestCount(): number;
  /** Every request received, in order, with who sent it: tells which process fetched (see control-plane e2e). */
  requestLog(): SimulatorRequest[];
  /**
   * Serves `bytes` at /files/<name> with the given Content-Type, as the hotline's file service serves the photos and
   * videos citizens send; any other /files/ path answers 404. Returns the file's URL.
   */
  putFile(name: string, bytes: Buffer, contentType: string): string;
  /** How many times /files/<name> was asked for (including 404s). */
  fileRequests(name: string): number;
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
  const faults = new FaultPlan();
  let served = 0;
  const pending = new Set<NodeJS.Timeout>();
  const log: SimulatorRequest[] = [];
  const files = new Map<string, { bytes: Buffer; contentType: string }>();
  const fileHits = new Map<string, number>();
  const answerFile = (res: ServerResponse, name: string): void => {
    fileHits.set(name, (fileHits.get(name) ?? 0) + 1);
    const file = files.get(name);
    if (!file) return sendJson(res, 404, { code: 404, message: 'no such file' });
    res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.bytes.length });
    res.end(file.bytes);
  };

  const answerWorkOrders = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    served++;
    opts.onWorkOrderRequest?.(served);
    const checked = checkWorkOrderRequest(req, url, token);
    // Decided on arrival so a fault hits exactly the next N requests, whatever their timing.
    const plan = faults.decide(checked.ok);
    const overlap = faults.duplicateAcrossPages ? DUPLICATE_OVERLAP : 0;
    if (plan.status === 'hold') {
      holdRequest(res, pending);
      return;
    }
    const respond = (): void => {
      if (plan.status === 'unavailable') sendJson(res, 503, { code: 503, message: 'service unavailable' });
      else if (plan.status === 'forbidden') sendForbiddenHtml(res);
      else if (plan.status === 'too_many')
        sendJson(res, 429, { code: 429, message: 'too many requests' }, { 'Retry-After': '1' });
      else if (!checked.ok) sendJson(res, checked.status, checked.body, checked.headers);
      else {
        let page: WorkOrderPage & { notice?: string } = selectWorkOrders(
          inExportOrder(),
          checked.query,
          overlap,
        );
        if (plan.invalidRecord) page = withInvalidRecord(page);
        if (plan.hugePage) page = { ...page, notice: hugeNotice() };
        const body = { code: 0, message: 'ok', data: page };
        if (plan.truncate) sendTruncatedJson(res, body);
        else if (plan.slowBody) sendSlowJson(res, body, pending);
        else sendJson(res, 200, body);
      }
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

  const local = await serveLocally(
    (req, res, url) => {
      log.push({ method: req.method ?? '', path: url.pathname, userAgent: req.headers['user-agent'] ?? '' });
      if (url.pathname === WORK_ORDERS_PATH) answerWorkOrders(req, res, url);
      else if (url.pathname.startsWith('/files/') && req.method === 'GET')
        answerFile(res, decodeURIComponent(url.pathname.slice('/files/'.length)));
      else if (url.pathname === '/health' && req.method === 'GET') sendJson(res, 200, { status: 'ok' });
      else return false;
      return true;
    },
    (res) => sendJson(res, 404, { code: 404, message: 'not found' }),
    { port: opts.port, host },
  );

  return {
    url: local.origin,
    token,
    orders: () => [...store.values()].map((o) => ({ ...o })),
    upsertOrder: (o) => {
      store.set(o.recordNo, { ...o });
      sorted = null;
    },
    setFaults: (f) => {
      if (f.pageDelayMs !== undefined) pageDelayMs = Math.max(0, f.pageDelayMs);
      faults.set(f);
    },
    clearFaults: () => {
      pageDelayMs = 0;
      faults.clear();
    },
    requestCount: () => served,
    requestLog: () => [...log],
    putFile: (name, bytes, contentType) => {
      files.set(name, { bytes, contentType });
      return `${local.origin}/files/${encodeURIComponent(name)}`;
    },
    fileRequests: (name) => fileHits.get(name) ?? 0,
    close: () => {
      // Delayed answers would otherwise fire after close; held and slow sockets are cut by the server's close.
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
      return local.close();
    },
  };
}
