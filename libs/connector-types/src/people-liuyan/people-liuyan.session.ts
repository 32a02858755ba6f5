import { ConnectorError, type ConnectorContext } from '@minsheng/connector-sdk';
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
 * A client of the board for one run. The board's WAF answers 403 until the client has loaded a page, which sets
 * a cookie (waf_token) that every API request must carry; the session loads the index page once per run and
 * again, once per request, when the WAF answers 403 (its key rotated).
 */
export class LiuyanSession {
  private cookie: string | undefined;
  private readonly base: string;

  constructor(
    private readonly config: Pick<PeopleLiuyanConfig, 'baseUrl' | 'timeoutMs'>,
    private readonly ctx: ConnectorContext,
  ) {
    this.base = config.baseUrl.replace(/\/+$/, '');
  }

  async handshake(fid: number): Promise<void> {
    const res = await this.ctx.http.send(`${this.base}/index?fid=${fid}`, {
      headers: { accept: 'text/html' },
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

  private async post(fid: number, lastItem: number, pageSize: number): Promise<string> {
    const res = await this.ctx.http.send(`${this.base}/threads/queryThreadsList`, {
      method: 'POST',
      json: { fid, lastItem, pageSize },
      headers: { accept: 'application/json', cookie: this.cookie ?? '' },
      timeoutMs: this.config.timeoutMs,
    });
    return res.body;
  }
}
