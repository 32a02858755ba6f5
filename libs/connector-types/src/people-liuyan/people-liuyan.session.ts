import { ConnectorError, type ConnectorContext } from '@minsheng/connector-sdk';
import { decodeHtml } from '@minsheng/connector-sdk/http';
import { type PeopleLiuyanConfig } from './people-liuyan.config';
import { liuyanEnvelopeSchema } from './people-liuyan.record';

/** The board answered, but refused the query (`result` is not "success"), e.g. for an unknown fid. */
export class LiuyanRejectedError extends ConnectorError {
  constructor(
    readonly fid: number,
    message: string,
  ) {
    super('malformed', message);
    this.name = 'LiuyanRejectedError';
  }
}

/**
 * A client of the board for one run, speaking as the board's own page does (and as every public client of it):
 * the list is a POST of form fields `fid`, `lastItem`, `state`, `pageSize` (application/x-www-form-urlencoded, not
 * JSON) with the board page as Referer and the site as Origin. The board's WAF answers 403 until the client has
 * loaded a page, which sets a cookie (waf_token) that every API request must carry; the session loads the board
 * page once per run and again, once per request, when the WAF answers 403 (its key rotated). Every request goes
 * through the run's fetcher, so list and detail pages share one host's politeness and circuit breaker.
 */
export class LiuyanSession {
  private cookie: string | undefined;
  private readonly base: string;
  private readonly origin: string;

  constructor(
    private readonly config: Pick<PeopleLiuyanConfig, 'baseUrl' | 'timeoutMs' | 'state'>,
    private readonly ctx: ConnectorContext,
  ) {
    this.base = config.baseUrl.replace(/\/+$/, '');
    this.origin = new URL(config.baseUrl).origin;
  }

  /** The board's page in a browser: the warm-up target and the Referer of its API calls. */
  boardPage(fid: number): string {
    return `${this.base}/threads/list?fid=${fid}`;
  }

  async handshake(fid: number): Promise<void> {
    const res = await this.ctx.http.send(this.boardPage(fid), {
      headers: { accept: 'text/html,application/xhtml+xml' },
      timeoutMs: this.config.timeoutMs,
    });
    const pairs = res.setCookie.map((c) => c.split(';')[0].trim()).filter((p) => /^[^=\s]+=/.test(p));
    if (pairs.length === 0) {
      throw new ConnectorError(
        'forbidden',
        `the board's index page set no cookie, so its WAF will refuse the API`,
      );
    }
    this.cookie = pairs.join('; ');
  }

  /** responseData of one list page: threads of `fid` newest first, with tid < lastItem (0: the newest). */
  async list(fid: number, lastItem: number, pageSize: number): Promise<unknown> {
    if (this.cookie === undefined) await this.handshake(fid);
    let body: string;
    try {
      body = await this.post(fid, lastItem, pageSize);
    } catch (e) {
      if (!(e instanceof ConnectorError) || e.kind !== 'forbidden') throw e;
      await this.handshake(fid);
      body = await this.post(fid, lastItem, pageSize);
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new ConnectorError(
        'malformed',
        `board ${fid}: the thread list is not JSON (${body.length} bytes)`,
      );
    }
    const envelope = liuyanEnvelopeSchema.safeParse(json);
    if (!envelope.success) {
      throw new ConnectorError(
        'malformed',
        `board ${fid}: the answer has no result: ${envelope.error.message}`,
      );
    }
    if (envelope.data.result !== 'success') {
      throw new LiuyanRejectedError(
        fid,
        `board ${fid}: the board answered ${JSON.stringify(envelope.data.result)} (${envelope.data.resultDesc ?? 'no reason given'})`,
      );
    }
    return envelope.data.responseData;
  }

  /** The detail page of a thread, decoded; it needs no WAF cookie, but carries it as a browser would. */
  async detail(fid: number, url: string): Promise<string> {
    const res = await this.ctx.http.getBytes(url, {
      headers: {
        accept: 'text/html,application/xhtml+xml',
        referer: this.boardPage(fid),
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      timeoutMs: this.config.timeoutMs,
    });
    return decodeHtml(res.body, res.contentType).text;
  }

  private async post(fid: number, lastItem: number, pageSize: number): Promise<string> {
    const res = await this.ctx.http.send(`${this.base}/threads/queryThreadsList`, {
      method: 'POST',
      form: { fid, lastItem, state: this.config.state, pageSize },
      headers: {
        accept: 'application/json, text/javascript, */*; q=0.01',
        'x-requested-with': 'XMLHttpRequest',
        referer: this.boardPage(fid),
        origin: this.origin,
        cookie: this.cookie ?? '',
      },
      timeoutMs: this.config.timeoutMs,
    });
    return res.body;
  }
}
