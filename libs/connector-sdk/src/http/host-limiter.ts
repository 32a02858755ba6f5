import { type Clock, systemClock } from './clock';

export interface HostLimits {
  /** Requests in flight at once to one host. */
  concurrency: number;
  /** Minimum time between the starts of two requests to one host. */
  minIntervalMs: number;
}

export const DEFAULT_HOST_LIMITS: HostLimits = { concurrency: 1, minIntervalMs: 0 };

interface HostState {
  active: number;
  waiters: (() => void)[];
  /** The earliest time the next request may start. */
  nextStartAt: number;
}

/**
 * Politeness towards government sites: per host, at most `concurrency` requests at once, started at least
 * `minIntervalMs` apart, in arrival order. Hosts are independent: a slow site never holds up another.
 */
export class HostLimiter {
  private readonly hosts = new Map<string, HostState>();
  readonly limits: HostLimits;

  constructor(
    limits: Partial<HostLimits> = {},
    private readonly clock: Clock = systemClock,
  ) {
    this.limits = { ...DEFAULT_HOST_LIMITS, ...limits };
    if (!Number.isInteger(this.limits.concurrency) || this.limits.concurrency < 1)
      throw new RangeError(`perHost.concurrency must be a positive integer, got ${this.limits.concurrency}`);
    if (!(this.limits.minIntervalMs >= 0))
      throw new RangeError(`perHost.minIntervalMs must be >= 0, got ${this.limits.minIntervalMs}`);
  }

  /** Runs fn when the host has a free slot and its interval has passed; the slot is held until fn settles. */
  async run<T>(host: string, fn: () => Promise<T>): Promise<T> {
    const state = await this.acquire(host);
    try {
      return await fn();
    } finally {
      this.release(host, state);
    }
  }

  /** Hosts with a request in flight or waiting (for specs and diagnostics). */
  busyHosts(): string[] {
    return [...this.hosts].filter(([, s]) => s.active > 0 || s.waiters.length > 0).map(([h]) => h);
  }

  private async acquire(host: string): Promise<HostState> {
    let state = this.hosts.get(host);
    if (!state) {
      state = { active: 0, waiters: [], nextStartAt: 0 };
      this.hosts.set(host, state);
    }
    if (state.active < this.limits.concurrency && state.waiters.length === 0) {
      state.active += 1;
    } else {
      // release() hands its slot straight to the first waiter, so `active` already counts us when we wake.
      const s = state;
      await new Promise<void>((resolve) => s.waiters.push(resolve));
    }
    if (this.limits.minIntervalMs > 0) {
      const now = this.clock.now();
      const startAt = Math.max(now, state.nextStartAt);
      state.nextStartAt = startAt + this.limits.minIntervalMs;
      if (startAt > now) await this.clock.sleep(startAt - now);
    }
    return state;
  }

  private release(host: string, state: HostState): void {
    const next = state.waiters.shift();
    if (next) {
      next();
      return;
    }
    state.active -= 1;
    if (state.active === 0 && state.nextStartAt <= this.clock.now()) this.hosts.delete(host);
  }
}
