import { type Clock } from '../../libs/connector-sdk/src/http/clock';

/** Time that only moves when the code under test sleeps (interval waits, backoff) or the spec advances it. */
export function fakeClock(): Clock & { sleeps: number[]; advance(ms: number): void } {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: (ms) => {
      sleeps.push(ms);
      t += ms;
      return Promise.resolve();
    },
    advance: (ms) => (t += ms),
  };
}
