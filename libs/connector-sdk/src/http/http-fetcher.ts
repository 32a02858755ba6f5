import axios, { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse, isAxiosError } from 'axios';
import { type EgressPolicy, egressPolicyFromEnv, EgressRefusal, pinnedLookup } from '../egress';
import { CircuitBreaker, CircuitOpenError, type CircuitBreakerOptions } from './circuit-breaker';
import { type Clock, systemClock } from './clock';
import { ConnectorError } from './connector-error';
import { HostLimiter, type HostLimits } from './host-limiter';

export interface FetchResult {
  status: number;
  body: string;
  contentType: string;
  /** The response's ETag and Last-Modified, to send back as validators on the next get(). */
  etag?: string;
  lastModified?: string;
  /** A 304 to a conditional get(): the caller's copy is current; the body is empty. */
  notModified?: boolean;
}

/** A body as raw bytes, for pages whose charset the caller decodes (see charset.ts). */
export interface FetchBytesResult {
  status: number;
  body: Buffer;
  contentType: string;
  etag?: string;
  lastModified?: string;
  notModified?: boolean;
}

export interface FetchOptions {
  headers?: Record<string, string>;
  timeoutMs?: number;
  /**
   * The most of one body read before the request fails (axios' maxContentLength); default MAX_BODY_BYTES (20 MB),
   * right for pages and API answers. The attachment capture raises it to its largest per-type limit.
   */
  maxBytes?: number;
}

/** Validators from an earlier response: sent as If-None-Match / If-Modified-Since, and a 304 is an answer. */
export interface ConditionalOptions extends FetchOptions {
  etag?: string;
  lastModified?: string;
}

export interface SendOptions extends FetchOptions {
  method?: 'GET' | 'POST';
  /** Serialized as the request body with content-type application/json. */
  json?: unknown;
  /** Sent as an HTML form would (application/x-www-form-urlencoded, UTF-8); not together with `json`. */
  form?: Record<string, string | number>;
}

export interface SendResult extends FetchResult {
  /** The response's Set-Cookie headers, as sent (e.g. a WAF token that later requests must carry). */
  setCookie: string[];
}

export interface HttpFetcherOptions {
  timeoutMs: number;
  retries: number;
  baseBackoffMs: number;
  /** Politeness per host; default one request at a time, no minimum interval. */
  perHost?: Partial<HostLimits>;
  /** Circuit breaker per host; default open after 5 consecutive temporary failures, for 60 s. */
  breaker?: Partial<CircuitBreakerOptions>;
  /** For specs: fake time for intervals, backoff and cool-downs. */
  clock?: Clock;
  /** Sent with every request; says who is calling (the connectors name their process, see connectorsUserAgent). */
  userAgent?: string;
  /** Where requests may go (decision 022); default: the policy of process.env (EGRESS_ALLOW_CIDRS, NODE_ENV). */
  egress?: EgressPolicy;
}

/** Same-origin redirects followed per request; a cross-origin one is refused (decision 022). */
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const TOTAL_DEADLINE_FACTOR = 4;
export const MAX_BODY_BYTES = 20 * 1024 * 1024;

/** Parses Retry-After (seconds or HTTP date) into milliseconds, capped so a hostile value cannot stall a connector. */
export function retryAfterMs(header: unknown, now = Date.now()): number | undefined {
  if (typeof header !== 'string' || !header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 120_000) : undefined;
}

/** The key politeness and the breaker work by: host and port, lower-cased. */
export function hostKey(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
}

function headerString(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

function conditionalHeaders(opts: ConditionalOptions): Record<string, string> | undefined {
  const extra: Record<string, string> = {};
  if (opts.etag) extra['if-none-match'] = opts.etag;
  if (opts.lastModified) extra['if-modified-since'] = opts.lastModified;
  return Object.keys(extra).length ? { ...extra, ...opts.headers } : opts.headers;
}

/** Classifies a non-2xx answer; never returns. */
function failFor(what: string, res: AxiosResponse<unknown>): never {
  if (res.status === 429 || res.status >= 500)
    throw new ConnectorError('temporary', what, retryAfterMs(res.headers['retry-after']));
  if (res.status === 401 || res.status === 403) throw new ConnectorError('forbidden', what);
  if (res.status === 404) throw new ConnectorError('not_found', what);
  throw new ConnectorError('malformed', what);
}

function requestBody(opts: SendOptions): { contentType: string; data: string } | undefined {
  if (opts.form !== undefined) {
    const fields = Object.entries(opts.form).map(([k, v]): [string, string] => [k, String(v)]);
    return {
      contentType: 'application/x-www-form-urlencoded; charset=UTF-8',
      data: new URLSearchParams(fields).toString(),
    };
  }
  if (opts.json !== undefined) return { contentType: 'application/json', data: JSON.stringify(opts.json) };
  return undefined;
}

function transportError(method: string, url: string, e: unknown): ConnectorError {
  if (e instanceof ConnectorError) return e;
  const message = isAxiosError(e) ? `${e.code ?? 'error'}: ${e.message}` : String(e);
  return new ConnectorError('temporary', `${method} ${url} failed: ${message}`);
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid url)';
  }
}

/**
 * The only door to upstream HTTP: timeouts, a size limit, failures classified for the retry policy, politeness per
 * host (one request at a time by default) and a circuit breaker per host.
 */
export class HttpFetcher {
  private readonly client: AxiosInstance;
  private readonly clock: Clock;
  readonly limiter: HostLimiter;
  readonly breaker: CircuitBreaker;
  private readonly egress: EgressPolicy;
  private egressAllow: readonly string[] = [];

  constructor(private readonly defaults: HttpFetcherOptions) {
    this.client = axios.create({
      responseType: 'text',
      transformResponse: (d: unknown) => d,
      maxContentLength: MAX_BODY_BYTES,
      validateStatus: () => true,
      headers: defaults.userAgent ? { 'user-agent': defaults.userAgent } : undefined,
      // Redirects are followed by hand (same origin only, each hop checked); no proxy may bypass the pinning.
      maxRedirects: 0,
      proxy: false,
    });
    this.clock = defaults.clock ?? systemClock;
    this.limiter = new HostLimiter(defaults.perHost, this.clock);
    this.breaker = new CircuitBreaker(defaults.breaker, () => this.clock.now());
    this.egress = defaults.egress ?? egressPolicyFromEnv();
  }

  /**
   * The same fetcher (politeness, breaker, client shared) for one connector instance, with the hosts or CIDRs an
   * admin allowlisted for it on top of the process's own (decision 022).
   */
  withEgressAllow(allow: readonly string[]): HttpFetcher {
    if (!allow.length) return this;
    const view = Object.create(this) as HttpFetcher;
    view.egressAllow = allow;
    return view;
  }

  /**
   * One exchange through the egress policy: the target is checked and the socket goes to the checked address; a
   * redirect to the same origin is followed (checked again), one to another origin is refused, so headers such as a
   * token never travel to a host the operator did not name.
   */
  private async exchange<T>(url: string, config: AxiosRequestConfig): Promise<AxiosResponse<T>> {
    let current = url;
    let method = (config.method ?? 'GET').toUpperCase();
    let data: unknown = config.data;
    for (let hop = 0; ; hop++) {
      let target;
      try {
        target = await this.egress.check(current, this.egressAllow);
      } catch (e) {
        if (!(e instanceof EgressRefusal)) throw e;
        throw new ConnectorError(
          'forbidden',
          `target_refused: ${method} ${originOf(current)} refused by the egress policy (${e.reason})`,
          undefined,
          'target_refused',
        );
      }
      const res = await this.client.request<T>({
        ...config,
        url: current,
        method,
        data,
        lookup: pinnedLookup(target) as AxiosRequestConfig['lookup'],
      });
      const location = res.headers.location as unknown;
      if (!REDIRECTS.has(res.status) || typeof location !== 'string') return res;
      if (hop >= MAX_REDIRECTS)
        throw new ConnectorError(
          'malformed',
          `${method} ${originOf(url)}: more than ${MAX_REDIRECTS} redirects`,
        );
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        throw new ConnectorError('malformed', `${method} ${originOf(current)}: redirect to an invalid URL`);
      }
      if (next.origin !== new URL(current).origin)
        throw new ConnectorError(
          'forbidden',
          `redirect_refused: ${method} ${originOf(current)} redirected to another origin, not followed`,
          undefined,
          'redirect_refused',
        );
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        data = undefined;
      }
      current = next.toString();
    }
  }

  /** A GET for text. With `etag` / `lastModified` it is conditional, and a 304 returns `notModified: true`. */
  async get(url: string, opts: ConditionalOptions = {}): Promise<FetchResult> {
    return this.withPolicy(url, () => this.once(url, opts));
  }

  /**
   * Like get(), for a POST with a JSON body or when the response's cookies matter; same timeouts, size limit,
   * retries and failure classification.
   */
  async send(url: string, opts: SendOptions = {}): Promise<SendResult> {
    return this.withPolicy(url, () => this.sendOnce(url, opts));
  }

  /**
   * Like get(), but the body is the bytes as received: axios would decode text as UTF-8, mangling GBK pages
   * (decode them with decodeHtml from charset.ts). Same timeouts, size limit, retries and classification.
   */
  async getBytes(url: string, opts: ConditionalOptions = {}): Promise<FetchBytesResult> {
    return this.withPolicy(url, () => this.bytesOnce(url, opts));
  }

  /** Retries temporary failures with backoff; each attempt waits its turn at the host and passes the breaker. */
  private async withPolicy<T>(url: string, attempt: () => Promise<T>): Promise<T> {
    const host = hostKey(url);
    let attempts = 0;
    for (;;) {
      try {
        this.breaker.check(host);
        return await this.limiter.run(host, async () => {
          this.breaker.acquire(host);
          try {
            const out = await attempt();
            this.breaker.success(host);
            return out;
          } catch (e) {
            if (!(e instanceof ConnectorError) || e.kind === 'temporary') this.breaker.failure(host);
            else this.breaker.success(host);
            throw e;
          }
        });
      } catch (e) {
        // Failing fast is the point of an open circuit: no retries against it.
        if (e instanceof CircuitOpenError) throw e;
        const err = e instanceof ConnectorError ? e : new ConnectorError('temporary', String(e));
        attempts += 1;
        if (err.kind !== 'temporary' || attempts > this.defaults.retries) throw err;
        // Exponential backoff with full jitter, unless the server told us how long to wait.
        const backoff = err.retryAfterMs ?? Math.random() * this.defaults.baseBackoffMs * 2 ** (attempts - 1);
        await this.clock.sleep(backoff);
      }
    }
  }

  /**
   * axios' timeout only measures silence: once headers arrive it restarts with every chunk, so a server trickling
   * bytes could hold a pull for ever. The whole exchange also gets a deadline, generous enough for a large page.
   */
  private deadline(timeoutMs: number | undefined): AbortSignal {
    return AbortSignal.timeout(TOTAL_DEADLINE_FACTOR * (timeoutMs ?? this.defaults.timeoutMs));
  }

  private async sendOnce(url: string, opts: SendOptions): Promise<SendResult> {
    const method = opts.method ?? 'GET';
    const body = requestBody(opts);
    let res;
    try {
      res = await this.exchange<string>(url, {
        method,
        headers: body ? { 'content-type': body.contentType, ...opts.headers } : opts.headers,
        data: body?.data,
        maxContentLength: opts.maxBytes ?? MAX_BODY_BYTES,
        timeout: opts.timeoutMs ?? this.defaults.timeoutMs,
        signal: this.deadline(opts.timeoutMs),
      });
    } catch (e) {
      throw transportError(method, url, e);
    }
    const contentType = String(res.headers['content-type'] ?? '');
    const rawCookies: unknown = res.headers['set-cookie'];
    const setCookie = Array.isArray(rawCookies) ? rawCookies.map(String) : [];
    if (res.status >= 200 && res.status < 300)
      return { status: res.status, body: res.data, contentType, setCookie, ...this.validators(res) };
    return failFor(`${method} ${url} answered ${res.status}`, res);
  }

  private once(url: string, opts: ConditionalOptions): Promise<FetchResult> {
    return this.conditionalGet(url, opts, 'text', (data) => data as string, '');
  }

  private bytesOnce(url: string, opts: ConditionalOptions): Promise<FetchBytesResult> {
    return this.conditionalGet(
      url,
      opts,
      'arraybuffer',
      (data) => Buffer.from(data as ArrayBuffer),
      Buffer.alloc(0),
    );
  }

  /** One GET, text or bytes: 2xx → body, 304 to a conditional request → notModified, anything else → classified. */
  private async conditionalGet<B>(
    url: string,
    opts: ConditionalOptions,
    responseType: 'text' | 'arraybuffer',
    toBody: (data: unknown) => B,
    empty: B,
  ): Promise<{
    status: number;
    body: B;
    contentType: string;
    notModified?: boolean;
    etag?: string;
    lastModified?: string;
  }> {
    let res;
    try {
      res = await this.exchange<unknown>(url, {
        method: 'GET',
        responseType,
        headers: conditionalHeaders(opts),
        maxContentLength: opts.maxBytes ?? MAX_BODY_BYTES,
        timeout: opts.timeoutMs ?? this.defaults.timeoutMs,
        signal: this.deadline(opts.timeoutMs),
      });
    } catch (e) {
      throw transportError('GET', url, e);
    }
    const contentType = String(res.headers['content-type'] ?? '');
    if (res.status >= 200 && res.status < 300)
      return { status: res.status, body: toBody(res.data), contentType, ...this.validators(res) };
    if (res.status === 304 && (opts.etag || opts.lastModified))
      return { status: 304, body: empty, contentType, notModified: true, ...this.validators(res) };
    return failFor(`GET ${url} answered ${res.status}`, res);
  }

  private validators(res: AxiosResponse<unknown>): { etag?: string; lastModified?: string } {
    const etag = headerString(res.headers.etag);
    const lastModified = headerString(res.headers['last-modified']);
    return { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
  }
}
