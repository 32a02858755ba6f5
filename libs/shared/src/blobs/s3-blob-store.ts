import { createHash } from 'node:crypto';
import { assertBlobKey, type BlobStore } from './blob-store';
import { signV4 } from './sigv4';

export interface S3BlobStoreOptions {
  /** e.g. https://s3.cn-east-1.example.com or http://127.0.0.1:9000; objects are addressed path-style. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Object key prefix, e.g. "attachments/". */
  prefix?: string;
  timeoutMs?: number;
}

const EMPTY_SHA = createHash('sha256').update('').digest('hex');

/**
 * An S3-compatible bucket over plain signed HTTP (SigV4, path-style), the production option: no SDK, four verbs.
 * The bucket must be private; nothing here makes an object readable without a signature.
 */
export class S3BlobStore implements BlobStore {
  constructor(private readonly opts: S3BlobStoreOptions) {}

  private urlOf(sha256: string): URL {
    assertBlobKey(sha256);
    const base = this.opts.endpoint.replace(/\/+$/, '');
    return new URL(`${base}/${this.opts.bucket}/${this.opts.prefix ?? ''}${sha256}`);
  }

  private async send(method: string, sha256: string, body?: Buffer, mediaType?: string): Promise<Response> {
    const url = this.urlOf(sha256);
    const payloadSha256 = body ? createHash('sha256').update(body).digest('hex') : EMPTY_SHA;
    const extra: Record<string, string> = { 'x-amz-content-sha256': payloadSha256 };
    if (mediaType) extra['content-type'] = mediaType;
    const { headers } = signV4(
      { method, url, headers: extra, payloadSha256, now: new Date() },
      {
        accessKeyId: this.opts.accessKeyId,
        secretAccessKey: this.opts.secretAccessKey,
        region: this.opts.region,
        service: 's3',
      },
    );
    // fetch sets Host itself from the URL; the signed value is the same.
    delete headers.host;
    return fetch(url, {
      method,
      headers,
      body: body ? new Uint8Array(body) : undefined,
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
    });
  }

  private static async fail(what: string, res: Response): Promise<never> {
    const text = (await res.text().catch(() => '')).slice(0, 300);
    throw new Error(`S3 ${what} answered ${res.status}: ${text}`);
  }

  async put(sha256: string, bytes: Buffer, mediaType: string): Promise<void> {
    if (await this.has(sha256)) return;
    const res = await this.send('PUT', sha256, bytes, mediaType);
    if (!res.ok) await S3BlobStore.fail(`PUT ${sha256}`, res);
    await res.arrayBuffer();
  }

  async get(sha256: string): Promise<Buffer | null> {
    const res = await this.send('GET', sha256);
    if (res.status === 404) {
      await res.arrayBuffer();
      return null;
    }
    if (!res.ok) await S3BlobStore.fail(`GET ${sha256}`, res);
    return Buffer.from(await res.arrayBuffer());
  }

  async has(sha256: string): Promise<boolean> {
    const res = await this.send('HEAD', sha256);
    await res.arrayBuffer();
    if (res.status === 404) return false;
    if (!res.ok) throw new Error(`S3 HEAD ${sha256} answered ${res.status}`);
    return true;
  }

  async delete(sha256: string): Promise<void> {
    const res = await this.send('DELETE', sha256);
    // S3 answers 204 whether or not the object was there; some compatible stores answer 404.
    if (!res.ok && res.status !== 404) await S3BlobStore.fail(`DELETE ${sha256}`, res);
    await res.arrayBuffer();
  }
}
