import { fakeClock } from '../../../../test/support/fake-clock';
import { HostLimiter } from './host-limiter';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise((r) => setImmediate(r));

describe('HostLimiter', () => {
  it('runs one request at a time per host by default, in arrival order', async () => {
    const limiter = new HostLimiter();
    const started: string[] = [];
    const gates = { a: deferred(), b: deferred(), c: deferred() };
    const runs = (['a', 'b', 'c'] as const).map((k) =>
      limiter.run('gov.example', async () => {
        started.push(k);
        await gates[k].promise;
      }),
    );
    await settle();
    expect(started).toEqual(['a']);
    gates.a.resolve();
    await settle();
    expect(started).toEqual(['a', 'b']);
    gates.b.resolve();
    gates.c.resolve();
    await Promise.all(runs);
    expect(started).toEqual(['a', 'b', 'c']);
    expect(limiter.busyHosts()).toEqual([]);
  });

  it('lets different hosts proceed without waiting for each other', async () => {
    const limiter = new HostLimiter();
    const gate = deferred();
    const started: string[] = [];
    const a = limiter.run('a.example', async () => {
      started.push('a');
      await gate.promise;
    });
    const b = limiter.run('b.example', () => {
      started.push('b');
      return Promise.resolve();
    });
    await b;
    expect(started).toEqual(['a', 'b']);
    gate.resolve();
    await a;
  });

  it('honours a higher concurrency and releases the slot when a task throws', async () => {
    const limiter = new HostLimiter({ concurrency: 2 });
    const gate = deferred();
    let active = 0;
    let peak = 0;
    const task = async () => {
      active += 1;
      peak = Math.max(peak, active);
      await gate.promise;
      active -= 1;
    };
    const runs = [limiter.run('h', task), limiter.run('h', task), limiter.run('h', task)];
    await settle();
    expect(active).toBe(2);
    gate.resolve();
    await Promise.all(runs);
    expect(peak).toBe(2);
    await expect(limiter.run('h', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run('h', () => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('spaces the starts of requests to one host by minIntervalMs', async () => {
    const clock = fakeClock();
    const limiter = new HostLimiter({ minIntervalMs: 1000 }, clock);
    const t0 = clock.now();
    const starts: number[] = [];
    const other: number[] = [];
    await Promise.all([
      limiter.run('h', () => Promise.resolve(starts.push(clock.now() - t0))),
      limiter.run('h', () => Promise.resolve(starts.push(clock.now() - t0))),
      limiter.run('h', () => Promise.resolve(starts.push(clock.now() - t0))),
    ]);
    expect(starts).toEqual([0, 1000, 2000]);
    // Once the interval has passed, nobody waits.
    clock.advance(5000);
    const sleepsBefore = clock.sleeps.length;
    await limiter.run('h', () => Promise.resolve(other.push(1)));
    await limiter.run('other-host', () => Promise.resolve(other.push(2)));
    expect(clock.sleeps.length).toBe(sleepsBefore);
    expect(other).toEqual([1, 2]);
  });

  it('refuses nonsense limits', () => {
    expect(() => new HostLimiter({ concurrency: 0 })).toThrow(RangeError);
    expect(() => new HostLimiter({ minIntervalMs: -1 })).toThrow(RangeError);
  });
});
