import { type HttpFetcher } from '@minsheng/connector-sdk/http';
import { type AttachmentRow, type AttachmentsRepository, sniff } from '@minsheng/shared/attachments';
import { type BlobStore } from '@minsheng/shared/blobs';
import { sha256Hex } from '@minsheng/shared/ids';
import { type Logger } from '@minsheng/shared/logging';
import { type AttachmentLimits, contentRefusal, fetchRefusal, type Refusal } from './capture-outcome';

export interface AttachmentCaptureOptions {
  limits: AttachmentLimits;
  maxAttempts: number;
  backoffBaseMs: number;
  pollMs: number;
  concurrency: number;
  /** How long a claimed row is left alone before another worker may take it (a worker that died mid-fetch). */
  leaseMs?: number;
  fetchTimeoutMs?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The most a body may need to be read: the largest per-type limit (one byte more already refuses it). */
export function largestLimit(limits: AttachmentLimits): number {
  return Math.max(...Object.values(limits));
}

export type CaptureResult = 'stored' | 'refused' | 'failed' | 'retry';

/**
 * Fetches the attachments items refer to, after the items were written and published (decision 021): through the
 * connectors' HttpFetcher (its politeness, breaker and egress rules), typed by the first bytes, limited per type,
 * hashed and stored once per hash. A failure is written on the attachment row with its reason and retried with
 * backoff up to a limit; the item never waits for it.
 */
export class AttachmentCapture {
  private stopped = false;
  private loop?: Promise<void>;

  constructor(
    private readonly repo: AttachmentsRepository,
    private readonly http: HttpFetcher,
    private readonly store: BlobStore,
    private readonly opts: AttachmentCaptureOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  /** One round: claims up to `concurrency` due rows and captures them in parallel; returns how many it took. */
  async captureOnce(): Promise<CaptureResult[]> {
    const rows = await this.repo.claimDue(this.opts.concurrency, this.opts.leaseMs ?? 10 * 60_000);
    return Promise.all(rows.map((r) => this.capture(r)));
  }

  private async capture(row: AttachmentRow): Promise<CaptureResult> {
    let refusal: Refusal | null = null;
    try {
      const scheme = new URL(row.url).protocol;
      if (scheme !== 'http:' && scheme !== 'https:')
        refusal = { code: 'unsupported_scheme', reason: `${scheme} URLs are not fetched`, permanent: true };
    } catch {
      refusal = { code: 'bad_url', reason: 'not a URL', permanent: true };
    }
    if (!refusal) {
      try {
        // The fetcher reads up to the largest per-type limit (not its 20 MB page cap), so every limit is reachable;
        // the sniffed kind's own limit is applied below.
        const res = await this.http.getBytes(row.url, {
          timeoutMs: this.opts.fetchTimeoutMs ?? 30_000,
          maxBytes: largestLimit(this.opts.limits),
        });
        const sniffed = sniff(res.body);
        refusal = contentRefusal(row.url, sniffed, res.body.length, this.opts.limits);
        if (!refusal && sniffed.ok) {
          const blob = {
            sha256: sha256Hex(res.body),
            mediaType: sniffed.mediaType,
            kind: sniffed.kind,
            size: res.body.length,
          };
          await this.repo.reserveBlob(blob);
          await this.store.put(blob.sha256, res.body, blob.mediaType);
          await this.repo.recordStored(row.id, blob);
          return 'stored';
        }
      } catch (e) {
        refusal = fetchRefusal(e);
      }
    }
    return this.fail(row, refusal ?? { code: 'fetch_failed', reason: 'unknown', permanent: false });
  }

  private async fail(row: AttachmentRow, r: Refusal): Promise<CaptureResult> {
    const attempt = row.attempts + 1;
    const final = r.permanent ? 'refused' : attempt >= this.opts.maxAttempts ? 'failed' : null;
    const delay = Math.min(this.opts.backoffBaseMs * 2 ** (attempt - 1), DAY_MS);
    // Jitter keeps a host's many attachments that failed together from coming back together.
    const nextAttemptAt = new Date(Date.now() + delay * (0.75 + Math.random() * 0.5));
    await this.repo.recordFailure(row.id, { code: r.code, reason: r.reason, final, nextAttemptAt });
    // The URL may carry a session token: the log names the attachment and its item, not the URL.
    this.logger.warn(
      { attachmentId: row.id, itemId: row.item_id, code: r.code, attempt, final },
      'attachment not stored',
    );
    return final ?? 'retry';
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let taken = 0;
      try {
        taken = (await this.captureOnce()).length;
      } catch (e) {
        this.logger.warn({ err: e }, 'attachment capture round failed; trying again');
      }
      if (taken === 0 && !this.stopped) await new Promise((r) => setTimeout(r, this.opts.pollMs));
    }
  }
}
