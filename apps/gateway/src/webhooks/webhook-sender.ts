import * as http from 'node:http';
import * as https from 'node:https';
import { type EgressPolicy, EgressRefusal, pinnedLookup } from '@minsheng/connector-sdk/egress';
import { signPushBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../intake/push-signature';

export const DELIVERY_HEADER = 'x-minsheng-delivery';
export const EVENT_HEADER = 'x-minsheng-event';
export const ATTEMPT_HEADER = 'x-minsheng-attempt';

/** What a consumer may see of a failure (decision 022): enough to act on, too little to map a network with. */
export type DeliveryErrorCode =
  | 'target_refused'
  | 'connection_failed'
  | 'timeout'
  | 'redirect_refused'
  | 'http_4xx'
  | 'http_5xx'
  | 'http_other'
  | 'secret_unreadable';

export interface SendOutcome {
  ok: boolean;
  statusCode: number | null;
  /** Coarse, for every reader; null when delivered. */
  code: DeliveryErrorCode | null;
  /** Detail for admins and logs (an errno, the refused address class); never a path or query of the target. */
  error: string | null;
  durationMs: number;
}

function codeForStatus(status: number): DeliveryErrorCode {
  if (status >= 300 && status < 400) return 'redirect_refused';
  if (status >= 400 && status < 500) return 'http_4xx';
  if (status >= 500) return 'http_5xx';
  return 'http_other';
}

/**
 * One signed POST, the same scheme as push intake: X-Minsheng-Signature = sha256=HMAC(secret, "<timestamp>.<body>"),
 * so a receiver verifies it with the same few lines. The target is checked by the egress policy right before the send
 * (with the subscription's allowlist) and the socket goes to the address that was checked, never to a fresh
 * resolution. 2xx is delivered; a redirect is not followed (it counts as a failure), and the answer's body is not
 * read beyond its status.
 */
export async function sendWebhook(
  target: { url: string; secret: string; allow: readonly string[] },
  delivery: { id: string; event: string; attempt: number; body: string },
  timeoutMs: number,
  policy: EgressPolicy,
  now = Date.now(),
): Promise<SendOutcome> {
  const timestamp = String(Math.floor(now / 1000));
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  let checked;
  try {
    checked = await policy.check(target.url, target.allow);
  } catch (e) {
    const detail = e instanceof EgressRefusal ? e.message : 'target refused';
    return { ok: false, statusCode: null, code: 'target_refused', error: detail, durationMs: took() };
  }
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(delivery.body)),
    'user-agent': 'MinshengHub-Webhooks/1',
    [DELIVERY_HEADER]: delivery.id,
    [EVENT_HEADER]: delivery.event,
    [ATTEMPT_HEADER]: String(delivery.attempt),
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: signPushBody(target.secret, timestamp, delivery.body),
  };
  try {
    const status = await post(checked.url, checked, headers, delivery.body, timeoutMs);
    const ok = status >= 200 && status < 300;
    if (ok) return { ok, statusCode: status, code: null, error: null, durationMs: took() };
    const code = codeForStatus(status);
    const error = code === 'redirect_refused' ? 'redirect not followed' : `HTTP ${status}`;
    return { ok, statusCode: status, code, error, durationMs: took() };
  } catch (e) {
    const timedOut = (e as Error).name === 'TimeoutError';
    return {
      ok: false,
      statusCode: null,
      code: timedOut ? 'timeout' : 'connection_failed',
      error: timedOut ? `timed out after ${timeoutMs} ms` : describe(e),
      durationMs: took(),
    };
  }
}

/** The POST itself on node:http(s), so the connection can be pinned (fetch has no per-request lookup). */
function post(
  url: URL,
  pinned: { address: string; family: 4 | 6 },
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const signal = AbortSignal.timeout(timeoutMs);
    const request = (url.protocol === 'https:' ? https : http).request(url, {
      method: 'POST',
      headers,
      lookup: pinnedLookup(pinned),
      agent: false,
      signal,
    });
    request.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    request.on('error', (e) =>
      reject(signal.aborted ? Object.assign(new Error('timeout'), { name: 'TimeoutError' }) : e),
    );
    request.end(body);
  });
}

/** A short reason without the URL (its query may hold a receiver's token). */
function describe(e: unknown): string {
  const err = e as { name?: string; code?: string; message?: string };
  return err.code ? `connection failed: ${err.code}` : `request failed: ${err.name ?? 'error'}`;
}
