import axios, { type AxiosInstance, isAxiosError } from 'axios';
import { ConnectorError } from './connector-error';

export interface FetchResult {
  status: number;
  body: string;
  contentType: string;
}

export interface FetchOptions {
  headers?: Record<string, string>;
  timeoutMs?: number;
}

const MAX_BODY_BYTES = 20 * 1024 * 1024;

/** Parses Retry-After (seconds or HTTP date) into milliseconds, capped so a hostile value cannot stall a connector. */
export function retryAfterMs(header: unknown, now = Date.now()): number | undefined {
  if (typeof header !== 'string' || !header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 120_000) : undefined;
}

/** The only door to upstream HTTP: timeouts, a size limit, and failures classified for the retry policy. */
export class HttpFetcher {
  private readonly client: AxiosInstance;

  constructor(private readonly defaults: { timeoutMs: number; retries: number; baseBackoffMs: number }) {
    this.client = axios.create({
      responseType: 'text',
      transformResponse: (d: unknown) => d,
      maxContentLength: MAX_BODY_BYTES,
      validateStatus: () => true,
    });
  }

  async get(url: string, opts: FetchOptions = {}): Promise<FetchResult> {
    let attempt = 0;
    for (;;) {
      try {
        return await this.once(url, opts);
      } catch (e) {
        const err = e instanceof ConnectorError ? e : new ConnectorError('temporary', String(e));
        attempt += 1;
        if (err.kind !== 'temporary' || attempt > this.defaults.retries) throw err;
        // Exponential backoff with full jitter, unless the server told us how long to wait.
        const backoff = err.retryAfterMs ?? Math.random() * this.defaults.baseBackoffMs * 2 ** (attempt - 1);
        await new Promise((r) => setTimeout(r, backoff));
      }
    }
  }

  private async once(url: string, opts: FetchOptions): Promise<FetchResult> {
    let res;
    try {
      res = await this.client.get<string>(url, {
        headers: opts.headers,
        timeout: opts.timeoutMs ?? this.defaults.timeoutMs,
      });
    } catch (e) {
      const message = isAxiosError(e) ? `${e.code ?? 'error'}: ${e.message}` : String(e);
      throw new ConnectorError('temporary', `GET ${url} failed: ${message}`);
    }
    const contentType = String(res.headers['content-type'] ?? '');
    if (res.status >= 200 && res.status < 300) return { status: res.status, body: res.data, contentType };
    const what = `GET ${url} answered ${res.status}`;
    if (res.status === 429 || res.status >= 500) {
      throw new ConnectorError('temporary', what, retryAfterMs(res.headers['retry-after']));
    }
    if (res.status === 401 || res.status === 403) throw new ConnectorError('forbidden', what);
    if (res.status === 404) throw new ConnectorError('not_found', what);
    throw new ConnectorError('malformed', what);
  }
}
