import axios, { type AxiosInstance, isAxiosError } from 'axios';
import { ConnectorError } from './connector-error';

export interface FetchResult {
  status: number;
  body: string;
  contentType: string;
}

/** A body as raw bytes, for pages whose charset the caller decodes (see charset.ts). */
export interface FetchBytesResult {
  status: number;
  body: Buffer;
  contentType: string;
}

export interface FetchOptions {
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface SendOptions extends FetchOptions {
  method?: 'GET' | 'POST';
  /** Serialized as the request body with content-type application/json. */
  json?: unknown;
}

export interface SendResult extends FetchResult {
  /** The response's Set-Cookie headers, as sent (e.g. a WAF token that later requests must carry). */
  setCookie: string[];
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

  /**
   * Like get(), for a POST with a JSON body or when the response's cookies matter; same timeouts, size limit,
   * retries and failure classification.
   */
  async send(url: string, opts: SendOptions = {}): Promise<SendResult> {
    let attempt = 0;
    for (;;) {
      try {
        return await this.sendOnce(url, opts);
      } catch (e) {
        const err = e instanceof ConnectorError ? e : new ConnectorError('temporary', String(e));
        attempt += 1;
        if (err.kind !== 'temporary' || attempt > this.defaults.retries) throw err;
        const backoff = err.retryAfterMs ?? Math.random() * this.defaults.baseBackoffMs * 2 ** (attempt - 1);
        await new Promise((r) => setTimeout(r, backoff));
      }
    }
  }

  private async sendOnce(url: string, opts: SendOptions): Promise<SendResult> {
    const method = opts.method ?? 'GET';
    const hasBody = opts.json !== undefined;
    let res;
    try {
      res = await this.client.request<string>({
        url,
        method,
        headers: hasBody ? { 'content-type': 'application/json', ...opts.headers } : opts.headers,
        data: hasBody ? JSON.stringify(opts.json) : undefined,
        timeout: opts.timeoutMs ?? this.defaults.timeoutMs,
      });
    } catch (e) {
      const message = isAxiosError(e) ? `${e.code ?? 'error'}: ${e.message}` : String(e);
      throw new ConnectorError('temporary', `${method} ${url} failed: ${message}`);
    }
    const contentType = String(res.headers['content-type'] ?? '');
    const rawCookies: unknown = res.headers['set-cookie'];
    const setCookie = Array.isArray(rawCookies) ? rawCookies.map(String) : [];
    if (res.status >= 200 && res.status < 300)
      return { status: res.status, body: res.data, contentType, setCookie };
    const what = `${method} ${url} answered ${res.status}`;
    if (res.status === 429 || res.status >= 500) {
      throw new ConnectorError('temporary', what, retryAfterMs(res.headers['retry-after']));
    }
    if (res.status === 401 || res.status === 403) throw new ConnectorError('forbidden', what);
    if (res.status === 404) throw new ConnectorError('not_found', what);
    throw new ConnectorError('malformed', what);
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
  /**
   * Like get(), but the body is the bytes as received: axios would decode text as UTF-8, mangling GBK pages
   * (decode them with decodeHtml from charset.ts). Same timeouts, size limit, retries and classification.
   */
  async getBytes(url: string, opts: FetchOptions = {}): Promise<FetchBytesResult> {
    let attempt = 0;
    for (;;) {
      try {
        const res = await this.client.get<ArrayBuffer | Buffer>(url, {
          responseType: 'arraybuffer',
          headers: opts.headers,
          timeout: opts.timeoutMs ?? this.defaults.timeoutMs,
        });
        const contentType = String(res.headers['content-type'] ?? '');
        const what = `GET ${url} answered ${res.status}`;
        if (res.status >= 200 && res.status < 300)
          return { status: res.status, body: Buffer.from(res.data as ArrayBuffer), contentType };
        if (res.status === 429 || res.status >= 500)
          throw new ConnectorError('temporary', what, retryAfterMs(res.headers['retry-after']));
        if (res.status === 401 || res.status === 403) throw new ConnectorError('forbidden', what);
        if (res.status === 404) throw new ConnectorError('not_found', what);
        throw new ConnectorError('malformed', what);
      } catch (e) {
        const err =
          e instanceof ConnectorError
            ? e
            : new ConnectorError(
                'temporary',
                `GET ${url} failed: ${isAxiosError(e) ? `${e.code ?? 'error'}: ${e.message}` : String(e)}`,
              );
        attempt += 1;
        if (err.kind !== 'temporary' || attempt > this.defaults.retries) throw err;
        const backoff = err.retryAfterMs ?? Math.random() * this.defaults.baseBackoffMs * 2 ** (attempt - 1);
        await new Promise((r) => setTimeout(r, backoff));
      }
    }
  }
}
