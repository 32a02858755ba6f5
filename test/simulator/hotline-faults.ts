import type { ServerResponse } from 'node:http';
import type { WorkOrderPage } from './hotline-api';

/**
 * Per-request faults of the 12345 simulator. Counters apply to the next N work-order requests and are decided when a
 * request arrives, so a fault hits exactly those requests whatever their timing (a client's prefetch included).
 */
export interface RequestFaults {
  /** Answer the next N work-order requests with 503. */
  failNext?: number;
  /** Answer the next N with 429 and `Retry-After: 1`. */
  status429Next?: number;
  /** Never answer the next N: the socket is held (up to {@link HOLD_MS}, or until the client or close() ends it). */
  timeoutNext?: number;
  /** Answer the next N with a 403 HTML page, as a web application firewall in front of the export does. */
  forbiddenNext?: number;
  /** Write the next N pages in chunks spread over about {@link SLOW_BODY_MS}; the body is still valid. */
  slowBodyNext?: number;
  /** Send the next N pages with consistent headers (200, JSON, Content-Length) but only the first half of the JSON. */
  truncateNext?: number;
  /** Add a ~10 MB `notice` string to the next N pages, next to the normal records. */
  hugePageNext?: number;
  /** Drop `appealContent` from one record (the middle one) of each of the next N pages. */
  invalidRecordNext?: number;
  /** While true, every page after the first repeats the last {@link DUPLICATE_OVERLAP} records of the page before. */
  duplicateAcrossPages?: boolean;
  /** The per-request faults above start only after this many more work-order requests were answered cleanly. */
  faultsStartAfter?: number;
}

export const HOLD_MS = 30_000;
export const SLOW_BODY_MS = 2_000;
const SLOW_BODY_CHUNKS = 10;
export const DUPLICATE_OVERLAP = 3;
export const HUGE_NOTICE_BYTES = 10 * 1024 * 1024;

/** What one request gets. `status` faults come first (like a proxy, whatever the request); body faults need a page. */
export interface RequestPlan {
  status: 'page' | 'unavailable' | 'too_many' | 'hold' | 'forbidden';
  slowBody: boolean;
  truncate: boolean;
  hugePage: boolean;
  invalidRecord: boolean;
}

type Counter =
  | 'failNext'
  | 'status429Next'
  | 'timeoutNext'
  | 'forbiddenNext'
  | 'slowBodyNext'
  | 'truncateNext'
  | 'hugePageNext'
  | 'invalidRecordNext'
  | 'faultsStartAfter';

const COUNTERS: readonly Counter[] = [
  'failNext',
  'status429Next',
  'timeoutNext',
  'forbiddenNext',
  'slowBodyNext',
  'truncateNext',
  'hugePageNext',
  'invalidRecordNext',
  'faultsStartAfter',
];

/** Status faults in the order they win when several are queued; only the winner's counter is used up. */
const STATUS_FAULTS: readonly [Counter, RequestPlan['status']][] = [
  ['timeoutNext', 'hold'],
  ['failNext', 'unavailable'],
  ['forbiddenNext', 'forbidden'],
  ['status429Next', 'too_many'],
];

export class FaultPlan {
  private readonly counts = new Map<Counter, number>(COUNTERS.map((c) => [c, 0]));
  duplicateAcrossPages = false;

  /** Sets the given faults; those not mentioned keep their current value. */
  set(f: RequestFaults): void {
    for (const c of COUNTERS) {
      const v = f[c];
      if (v !== undefined) this.counts.set(c, Math.max(0, Math.floor(v)));
    }
    if (f.duplicateAcrossPages !== undefined) this.duplicateAcrossPages = f.duplicateAcrossPages;
  }

  clear(): void {
    for (const c of COUNTERS) this.counts.set(c, 0);
    this.duplicateAcrossPages = false;
  }

  /** Decides a request on arrival. `answerable`: it passed method, token and query checks and so would get a page. */
  decide(answerable: boolean): RequestPlan {
    const plan: RequestPlan = {
      status: 'page',
      slowBody: false,
      truncate: false,
      hugePage: false,
      invalidRecord: false,
    };
    if (this.take('faultsStartAfter')) return plan;
    for (const [counter, status] of STATUS_FAULTS) {
      if (this.take(counter)) {
        plan.status = status;
        return plan;
      }
    }
    if (!answerable) return plan;
    plan.slowBody = this.take('slowBodyNext');
    plan.truncate = this.take('truncateNext');
    plan.hugePage = this.take('hugePageNext');
    plan.invalidRecord = this.take('invalidRecordNext');
    return plan;
  }

  private take(c: Counter): boolean {
    const n = this.counts.get(c) ?? 0;
    if (n <= 0) return false;
    this.counts.set(c, n - 1);
    return true;
  }
}

let notice: string | undefined;

/** A realistic, useless banner the export sometimes inlines: ~10 MB of repeated Chinese text (3 bytes a character). */
export function hugeNotice(): string {
  const line =
    '【系统公告】工单导出接口将于本周六凌晨进行升级维护，届时可能短暂不可用，请各对接单位提前做好准备。\n';
  notice ??= line.repeat(Math.ceil(HUGE_NOTICE_BYTES / Buffer.byteLength(line)));
  return notice;
}

/** The page with `appealContent` removed from its middle record (a copy; the store is untouched). */
export function withInvalidRecord(page: WorkOrderPage): WorkOrderPage {
  if (!page.records.length) return page;
  const victim = Math.floor(page.records.length / 2);
  const records: unknown[] = page.records.map((r, i) => {
    if (i !== victim) return r;
    const rest: Partial<typeof r> = { ...r };
    delete rest.appealContent;
    return rest;
  });
  return { ...page, records: records as WorkOrderPage['records'] };
}

/** Keeps timers of an answer in `timers` (for close()) and forgets them when the exchange ends either way. */
function track(res: ServerResponse, timers: Set<NodeJS.Timeout>, timer: NodeJS.Timeout): void {
  timers.add(timer);
  res.once('close', () => {
    clearTimeout(timer);
    timers.delete(timer);
  });
}

/** Never answers: the socket is held until the client gives up, close() destroys it, or {@link HOLD_MS} passes. */
export function holdRequest(res: ServerResponse, timers: Set<NodeJS.Timeout>): void {
  const timer = setTimeout(() => {
    timers.delete(timer);
    res.destroy();
  }, HOLD_MS);
  track(res, timers, timer);
}

export function sendForbiddenHtml(res: ServerResponse): void {
  const html =
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>403 Forbidden</title></head><body>' +
    '<h1>访问被拒绝</h1><p>您的请求疑似存在安全风险，已被网站防火墙拦截。事件编号：WAF-20261120-7f3a</p></body></html>';
  res.writeHead(403, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
  });
  res.end(html);
}

/** 200 with headers that agree with the body, but the body is only the first half of the JSON document. */
export function sendTruncatedJson(res: ServerResponse, body: unknown): void {
  const full = Buffer.from(JSON.stringify(body));
  const half = full.subarray(0, Math.floor(full.length / 2));
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': half.length });
  res.end(half);
}

/** The whole JSON, written in chunks spread over about {@link SLOW_BODY_MS}. */
export function sendSlowJson(res: ServerResponse, body: unknown, timers: Set<NodeJS.Timeout>): void {
  const full = Buffer.from(JSON.stringify(body));
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': full.length });
  const size = Math.ceil(full.length / SLOW_BODY_CHUNKS);
  let offset = 0;
  let timer: NodeJS.Timeout | undefined;
  res.once('close', () => {
    if (timer) {
      clearTimeout(timer);
      timers.delete(timer);
    }
  });
  const writeNext = (): void => {
    if (timer) timers.delete(timer);
    timer = undefined;
    if (res.destroyed) return;
    const chunk = full.subarray(offset, offset + size);
    offset += size;
    if (offset >= full.length) {
      res.end(chunk);
      return;
    }
    res.write(chunk);
    timer = setTimeout(writeNext, SLOW_BODY_MS / (SLOW_BODY_CHUNKS - 1));
    timers.add(timer);
  };
  writeNext();
}
