/**
 * A value loaded at most once per `ttlMs`, with one load in flight at a time: a scrape (or a probe) every second
 * from several scrapers still costs one query per period, and a failed load is retried on the next call.
 */
export class Cached<T> {
  private value?: { at: number; data: T };
  private inflight?: Promise<T>;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<T> {
    if (this.value && this.now() - this.value.at < this.ttlMs) return Promise.resolve(this.value.data);
    this.inflight ??= this.load()
      .then((data) => {
        this.value = { at: this.now(), data };
        return data;
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }
}

/** Rejects when `promise` has not settled within `ms`; the timer never keeps the process alive. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
        timer.unref();
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
