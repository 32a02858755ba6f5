import { CircuitBreaker, CircuitOpenError } from './circuit-breaker';
import { ConnectorError } from './connector-error';

describe('CircuitBreaker', () => {
  let t: number;
  const now = () => t;
  beforeEach(() => (t = 0));

  const failTimes = (b: CircuitBreaker, key: string, n: number) => {
    for (let i = 0; i < n; i++) {
      b.acquire(key);
      b.failure(key);
    }
  };

  it('opens after N consecutive temporary failures and fails fast with a temporary ConnectorError', () => {
    const b = new CircuitBreaker({ threshold: 3, coolDownMs: 60_000 }, now);
    failTimes(b, 'h', 2);
    expect(b.state('h')).toBe('closed');
    failTimes(b, 'h', 1);
    expect(b.state('h')).toBe('open');
    let err: unknown;
    try {
      b.acquire('h');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CircuitOpenError);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ kind: 'temporary' });
    expect((err as Error).message).toMatch(/^circuit open for h/);
    expect(() => b.check('h')).toThrow(CircuitOpenError);
    // Other keys are unaffected.
    expect(() => b.acquire('other')).not.toThrow();
  });

  it('counts only consecutive failures: a success resets the count', () => {
    const b = new CircuitBreaker({ threshold: 3 }, now);
    failTimes(b, 'h', 2);
    b.acquire('h');
    b.success('h');
    failTimes(b, 'h', 2);
    expect(b.state('h')).toBe('closed');
  });

  it('after the cool-down lets exactly one trial through; its success closes the circuit', () => {
    const b = new CircuitBreaker({ threshold: 5, coolDownMs: 60_000 }, now);
    failTimes(b, 'h', 5);
    t = 59_999;
    expect(() => b.acquire('h')).toThrow(CircuitOpenError);
    t = 60_000;
    expect(b.state('h')).toBe('half_open');
    b.acquire('h'); // the trial
    expect(() => b.check('h')).toThrow(CircuitOpenError);
    expect(() => b.acquire('h')).toThrow(CircuitOpenError);
    b.success('h');
    expect(b.state('h')).toBe('closed');
    expect(() => b.acquire('h')).not.toThrow();
  });

  it('re-opens for another cool-down when the trial fails', () => {
    const b = new CircuitBreaker({ threshold: 2, coolDownMs: 1000 }, now);
    failTimes(b, 'h', 2);
    t = 1000;
    b.acquire('h');
    b.failure('h');
    expect(b.state('h')).toBe('open');
    t = 1999;
    expect(() => b.acquire('h')).toThrow(CircuitOpenError);
    t = 2000;
    expect(() => b.acquire('h')).not.toThrow();
  });

  it('ignores stragglers that finish while the circuit is open', () => {
    const b = new CircuitBreaker({ threshold: 1, coolDownMs: 1000 }, now);
    b.acquire('h');
    b.acquire('h');
    b.failure('h');
    b.success('h'); // admitted before the circuit opened
    expect(b.state('h')).toBe('open');
  });
});
