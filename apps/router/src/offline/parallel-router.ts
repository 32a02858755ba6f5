import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type TextModelState } from '@minsheng/learning';
import { type RoutingContextSource } from '@minsheng/routing';

/** What every worker builds its routing context from; `now` is shared so all decisions carry the same time. */
export interface WorkerSetup {
  source: RoutingContextSource;
  model?: TextModelState;
  threshold?: number;
  now: string;
}

export interface RouteBatch {
  seq: number;
  /** Non-blank lines before this chunk in the file. */
  first: number;
  /** Whole input lines, UTF-8 (a LineChunk's bytes); transferred, not copied. */
  bytes: Uint8Array;
}

export interface RoutedBatch {
  seq: number;
  /** The batch's output lines, UTF-8, newlines included; its buffer is transferred, not copied. */
  out: Uint8Array;
}

const WORKER = join(__dirname, 'route-worker.js');

/**
 * Routing is pure and per item, so a file can be routed on several threads: each worker builds the same context
 * from the same rows and model, chunks of lines go to the least busy worker as bytes, and results come back in
 * input order (route() resolves per chunk with its output as UTF-8 bytes; the caller writes them in the order it
 * asked). Bytes both ways are transferred: the main thread only reads and writes.
 */
export class ParallelRouter {
  private readonly workers: Worker[] = [];
  private readonly busy: number[] = [];
  private readonly waiting = new Map<
    number,
    { resolve: (out: Uint8Array) => void; reject: (e: Error) => void }
  >();
  private seq = 0;

  private constructor() {}

  static async start(count: number, setup: WorkerSetup): Promise<ParallelRouter> {
    const router = new ParallelRouter();
    await Promise.all(Array.from({ length: count }, () => router.spawn(setup)));
    return router;
  }

  get size(): number {
    return this.workers.length;
  }

  /** `bytes` is detached by the call (its buffer moves to the worker). */
  route(bytes: Uint8Array<ArrayBuffer>, first: number): Promise<Uint8Array> {
    let w = 0;
    for (let i = 1; i < this.workers.length; i++) if (this.busy[i] < this.busy[w]) w = i;
    const seq = this.seq++;
    this.busy[w]++;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, {
        resolve: (out) => {
          this.busy[w]--;
          resolve(out);
        },
        reject,
      });
      this.workers[w].postMessage({ seq, first, bytes } satisfies RouteBatch, [bytes.buffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private spawn(setup: WorkerSetup): Promise<void> {
    const worker = new Worker(WORKER, { workerData: setup });
    this.workers.push(worker);
    this.busy.push(0);
    const fail = (e: Error) => {
      for (const pending of this.waiting.values()) pending.reject(e);
      this.waiting.clear();
    };
    return new Promise((ready, failed) => {
      worker.on('message', (m: RoutedBatch | { ready: true }) => {
        if ('ready' in m) return ready();
        const pending = this.waiting.get(m.seq);
        this.waiting.delete(m.seq);
        pending?.resolve(m.out);
      });
      worker.once('error', (e) => {
        failed(e);
        fail(e);
      });
      worker.once('exit', (code) => {
        if (code !== 0) fail(new Error(`routing worker exited with ${code}`));
      });
    });
  }
}
