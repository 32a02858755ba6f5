import { startLiuyanSimulator, type LiuyanSimulator } from './liuyan-board';
import { generateLiuyanThreads, LIUYAN_BOARDS } from './liuyan-threads';

describe('simulated People’s Daily message board', () => {
  let sim: LiuyanSimulator;
  beforeAll(async () => {
    sim = await startLiuyanSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  const list = (body: unknown, cookie?: string) =>
    fetch(`${sim.url}/threads/queryThreadsList`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });

  it('generates 25 threads per board, deterministic, tids increasing with time', () => {
    const threads = generateLiuyanThreads();
    expect(generateLiuyanThreads()).toEqual(threads);
    for (const b of LIUYAN_BOARDS) expect(threads.filter((t) => t.fid === b.fid)).toHaveLength(25);
    for (let i = 1; i < threads.length; i++) {
      expect(threads[i].tid).toBeGreaterThan(threads[i - 1].tid);
      expect(threads[i].dateline).toBeGreaterThan(threads[i - 1].dateline);
    }
  });

  it('refuses the API until the index page has set the WAF cookie, then pages backwards by lastItem', async () => {
    expect((await list({ fid: 1234, lastItem: 0, pageSize: 10 })).status).toBe(403);
    const index = await fetch(`${sim.url}/index?fid=1234`);
    const cookie = index.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    expect(cookie).toMatch(/waf_token=/);
    const first = (await (await list({ fid: 1234, lastItem: 0, pageSize: 10 }, cookie)).json()) as {
      result: string;
      responseData: { tid: number }[];
    };
    expect(first.result).toBe('success');
    const tids = first.responseData.map((t) => t.tid);
    expect(tids).toEqual([...tids].sort((a, b) => b - a));
    const next = (await (await list({ fid: 1234, lastItem: tids[9], pageSize: 50 }, cookie)).json()) as {
      responseData: { tid: number }[];
    };
    expect(next.responseData).toHaveLength(15);
    expect(next.responseData.every((t) => t.tid < tids[9])).toBe(true);
    const unknown = (await (await list({ fid: 1, lastItem: 0, pageSize: 10 }, cookie)).json()) as object;
    expect(unknown).toMatchObject({ result: 'fail', responseData: null });
    expect(sim.board.requestCount()).toBe(4);
  });
});
