import { Cached } from './cached';
import { probe } from './readiness';

describe('Cached', () => {
  it('loads once per period, shares a load in flight, and retries after a failure', async () => {
    let now = 0;
    let loads = 0;
    let fail = false;
    const cached = new Cached(
      () => {
        loads += 1;
        return fail ? Promise.reject(new Error('down')) : Promise.resolve(loads);
      },
      5000,
      () => now,
    );
    expect(await Promise.all([cached.get(), cached.get()])).toEqual([1, 1]);
    now = 4999;
    expect(await cached.get()).toBe(1);
    now = 5000;
    fail = true;
    await expect(cached.get()).rejects.toThrow('down');
    fail = false;
    expect(await cached.get()).toBe(3);
    expect(loads).toBe(3);
  });
});

describe('probe', () => {
  it('says up or down per dependency and never why', async () => {
    const report = await probe({
      postgres: () => Promise.resolve(true),
      kafka: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:9092')),
    });
    expect(report).toEqual({ status: 'unavailable', checks: { postgres: 'up', kafka: 'down' } });
    expect(await probe({ postgres: () => Promise.resolve(true) })).toEqual({
      status: 'ok',
      checks: { postgres: 'up' },
    });
  });
});
