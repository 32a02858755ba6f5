import pino from 'pino';
import { type HttpFetcher } from '@minsheng/connector-sdk/http';
import { type AttachmentRow, type AttachmentsRepository } from '@minsheng/shared/attachments';
import { type BlobStore } from '@minsheng/shared/blobs';
import { AttachmentCapture } from './attachment-capture';

const MB = 1024 * 1024;

/** An MP4 header ("ftyp" box at offset 4) padded to `size` bytes. */
function mp4(size: number): Buffer {
  const out = Buffer.alloc(size, 1);
  Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d]).copy(out);
  return out;
}

describe('AttachmentCapture body limit', () => {
  it('asks the fetcher for up to the largest per-type limit, so a 30 MB video under a 50 MB limit is stored', async () => {
    const row = {
      id: 'att_1',
      item_id: 'ap_1',
      url: 'https://files.example.cn/v.mp4',
      attempts: 0,
    } as AttachmentRow;
    const asked: { maxBytes?: number }[] = [];
    const video = mp4(30 * MB);
    const http = {
      getBytes: (_url: string, opts: { maxBytes?: number }) => {
        asked.push(opts);
        return Promise.resolve({ status: 200, body: video, contentType: 'video/mp4' });
      },
    } as unknown as HttpFetcher;
    const stored: string[] = [];
    const repo = {
      claimDue: () => Promise.resolve([row]),
      reserveBlob: () => Promise.resolve(),
      recordStored: (id: string) => Promise.resolve(void stored.push(id)),
      recordFailure: () => Promise.resolve(),
    } as unknown as AttachmentsRepository;
    const store = { put: () => Promise.resolve() } as unknown as BlobStore;
    const capture = new AttachmentCapture(
      repo,
      http,
      store,
      {
        limits: { image: 10 * MB, video: 50 * MB, audio: 10 * MB, document: 20 * MB },
        maxAttempts: 3,
        backoffBaseMs: 1000,
        pollMs: 1000,
        concurrency: 1,
      },
      pino({ level: 'silent' }),
    );
    expect(await capture.captureOnce()).toEqual(['stored']);
    expect(asked.map((o) => o.maxBytes)).toEqual([50 * MB]);
    expect(stored).toEqual(['att_1']);
  });
});
