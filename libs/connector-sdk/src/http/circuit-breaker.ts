import { ConnectorError } from './connector-error';

export interface CircuitBreakerOptions {
  /** Consecutive temporary failures that open the circuit. */
  threshold: number;
  /** How long an open circuit fails fast before one trial request is let through. */
  coolDownMs: number;
}

export const DEFAULT_BREAKER: CircuitBreakerOptions = { threshold: 5, coolDownMs: 60_000 };

export type CircuitState = 'closed' | 'open' | 'half_open';

/** Thrown instead of calling a host whose circuit is open; temporary, and never retried by the fetcher itself. */
export class CircuitOpenError extends ConnectorError {
  constructor(
    readonly key: string,
    readonly retryInMs: number,
  ) {
    super('temporary', `circuit open for ${key}: failing fast for another ${Math.ceil(retryInMs / 1000)} s`);
    this.name = 'CircuitOpenError';
  }
}

interface Circuit {
  state: CircuitState;
  failures: number;
  openedAt: number;
  trialInFlight: boolean;
}

/**
 * Per-key (host) circuit breaker. Closed: calls pass and consecutive temporary failures are counted; at `threshold`
 * the circuit opens and calls fail fast for `coolDownMs`; then it is half-open: exactly one trial call is let through,
 * and its outcome closes the circuit again or re-opens it for another cool-down.
 */
export class CircuitBreaker {
  private readonly circuits = new Map<string, Circuit>();
  readonly options: CircuitBreakerOptions;

  constructor(
    options: Partial<CircuitBreakerOptions> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.options = { ...DEFAULT_BREAKER, ...options };
  }

  /** Keys with failures on record (a success forgets its key): what /metrics reports circuit states for. */
  keys(): string[] {
    return [...this.circuits.keys()];
  }

  state(key: string): CircuitState {
    const c = this.circuits.get(key);
    if (!c) return 'closed';
    if (c.state === 'open' && this.now() - c.openedAt >= this.options.coolDownMs) return 'half_open';
    return c.state;
  }

  /** Throws CircuitOpenError when a call would be refused now; changes nothing (a cheap check before queueing). */
  check(key: string): void {
    const c = this.circuits.get(key);
    if (!c || c.state === 'closed') return;
    const left = this.coolDownLeft(c);
    if (left > 0 || c.trialInFlight) throw new CircuitOpenError(key, Math.max(left, 0));
  }

  /**
   * Admits a call or throws CircuitOpenError. After the cool-down the first caller becomes the half-open trial; every
   * admitted call must be followed by success() or failure().
   */
  acquire(key: string): void {
    const c = this.circuits.get(key);
    if (!c || c.state === 'closed') return;
    const left = this.coolDownLeft(c);
    if (left > 0 || c.trialInFlight) throw new CircuitOpenError(key, Math.max(left, 0));
    c.state = 'half_open';
    c.trialInFlight = true;
  }

  /** The host answered (any answer that is not a temporary failure counts: it is up). */
  success(key: string): void {
    const c = this.circuits.get(key);
    // A straggler admitted before the circuit opened says nothing about the host now.
    if (!c || c.state === 'open') return;
    this.circuits.delete(key);
  }

  failure(key: string): void {
    let c = this.circuits.get(key);
    if (!c) {
      c = { state: 'closed', failures: 0, openedAt: 0, trialInFlight: false };
      this.circuits.set(key, c);
    }
    if (c.state === 'open') return;
    c.failures += 1;
    if (c.state === 'half_open' || c.failures >= this.options.threshold) {
      c.state = 'open';
      c.openedAt = this.now();
      c.trialInFlight = false;
    }
  }

  private coolDownLeft(c: Circuit): number {
    if (c.state !== 'open') return 0;
    return c.openedAt + this.options.coolDownMs - this.now();
  }
}
