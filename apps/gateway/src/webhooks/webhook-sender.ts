import { signPushBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../intake/push-signature';

export const DELIVERY_HEADER = 'x-minsheng-delivery';
export const EVENT_HEADER = 'x-minsheng-event';
export const ATTEMPT_HEADER = 'x-minsheng-attempt';

export interface SendOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * One signed POST, the same scheme as push intake: X-Minsheng-Signature = sha256=HMAC(secret, "<timestamp>.<body>"),
 * so a receiver verifies it with the same few lines. 2xx is delivered; a redirect is not followed (it counts as a
 * failure), and the answer's body is not read beyond its status.
 */
export async function sendWebhook(
  target: { url: string; secret: string },
  delivery: { id: string; event: string; attempt: number; body: string },
  timeoutMs: number,
  now = Date.now(),
): Promise<SendOutcome> {
  const timestamp = String(Math.floor(now / 1000));
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  try {
    const res = await fetch(target.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'MinshengHub-Webhooks/1',
        [DELIVERY_HEADER]: delivery.id,
        [EVENT_HEADER]: delivery.event,
        [ATTEMPT_HEADER]: String(delivery.attempt),
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: signPushBody(target.secret, timestamp, delivery.body),
      },
      body: delivery.body,
    });
    await res.body?.cancel().catch(() => undefined);
    const ok = res.status >= 200 && res.status < 300;
    return {
      ok,
      statusCode: res.status,
      error: ok
        ? null
        : res.status >= 300 && res.status < 400
          ? 'redirect not followed'
          : `HTTP ${res.status}`,
      durationMs: took(),
    };
  } catch (e) {
    return { ok: false, statusCode: null, error: describe(e, timeoutMs), durationMs: took() };
  }
}

/** A short reason without the URL (its query may hold a receiver's token). */
function describe(e: unknown, timeoutMs: number): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  const cause = err.cause?.code ?? err.cause?.message?.split(/\s/)[0];
  return cause ? `connection failed: ${cause}` : `request failed: ${err.name ?? 'error'}`;
}
