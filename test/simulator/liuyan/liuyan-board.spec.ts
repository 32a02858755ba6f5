import { load } from 'cheerio';
import {
  LIUYAN_PREVIEW_CHARS,
  listPreview,
  startLiuyanSimulator,
  type LiuyanSimulator,
} from './liuyan-board';
import { generateLiuyanThreads, LIUYAN_BOARDS } from './liuyan-threads';

type ListAnswer = {
  result: string;
  responseData: { tid: number; content: string; stateInfo: string; answerContent: string }[];
};

describe('simulated People’s Daily message board', () => {
  let sim: LiuyanSimulator;
  let cookie = '';
  beforeAll(async () => {
    sim = await startLiuyanSimulator();
    const page = await fetch(`${sim.url}/threads/list?fid=1234`);
    cookie = page.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
  });
  afterAll(async () => {
    await sim.close();
  });

  const form = (fields: Record<string, string | number>, withCookie = true) =>
    fetch(`${sim.url}/threads/queryThreadsList`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
        ...(withCookie ? { cookie } : {}),
      },
      body: new URLSearchParams(
        Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)]),
      ).toString(),
    });

  it('generates 25 threads per board, deterministic, tids increasing with time', () => {
    const threads = generateLiuyanThreads();
    expect(generateLiuyanThreads()).toEqual(threads);
    for (const b of LIUYAN_BOARDS) expect(threads.filter((t) => t.fid === b.fid)).toHaveLength(25);
    for (let i = 1; i < threads.length; i++) {
      expect(threads[i].tid).toBeGreaterThan(threads[i - 1].tid);
      expect(threads[i].dateline).toBeGreaterThan(threads[i - 1].dateline);
      expect(threads[i].threadsCheckTime).toBeGreaterThan(threads[i].dateline);
    }
  });

  it('refuses the API until the board page has set the WAF cookie, then pages backwards by lastItem', async () => {
    expect(cookie).toMatch(/waf_token=/);
    expect((await form({ fid: 1234, lastItem: 0, pageSize: 10 }, false)).status).toBe(403);
    const first = (await (await form({ fid: 1234, lastItem: 0, pageSize: 10 })).json()) as ListAnswer;
    expect(first.result).toBe('success');
    const tids = first.responseData.map((t) => t.tid);
    expect(tids).toEqual([...tids].sort((a, b) => b - a));
    const next = (await (await form({ fid: 1234, lastItem: tids[9], pageSize: 50 })).json()) as ListAnswer;
    expect(next.responseData).toHaveLength(15);
    expect(next.responseData.every((t) => t.tid < tids[9])).toBe(true);
    const unknown = (await (await form({ fid: 1, lastItem: 0 })).json()) as object;
    expect(unknown).toMatchObject({ result: 'fail', responseData: null });
  });

  it('refuses a JSON body as a form endpoint does: 415 with an error body; a form without fid is 400', async () => {
    const json = await fetch(`${sim.url}/threads/queryThreadsList`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ fid: 1234, lastItem: 0, pageSize: 10 }),
    });
    expect(json.status).toBe(415);
    expect(await json.json()).toMatchObject({
      status: 415,
      error: 'Unsupported Media Type',
      message: expect.stringContaining('application/json') as unknown,
    });
    const noFid = await form({ lastItem: 0 });
    expect(noFid.status).toBe(400);
    expect(await noFid.json()).toMatchObject({
      error: 'Bad Request',
      message: expect.stringContaining('fid') as unknown,
    });
  });

  it('filters by state (2 awaiting reply, 3 in progress, 4 handled) and cuts long texts to a preview', async () => {
    const all = sim.board.threads(1234);
    const byState = async (state: number) =>
      ((await (await form({ fid: 1234, lastItem: 0, pageSize: 50, state })).json()) as ListAnswer)
        .responseData;
    expect((await byState(1)).map((t) => t.tid)).toEqual(all.map((t) => t.tid));
    for (const [state, info] of [
      [2, '待回复'],
      [3, '办理中'],
      [4, '已回复'],
    ] as const) {
      const got = await byState(state);
      expect(got.map((t) => t.tid)).toEqual(all.filter((t) => t.stateInfo === info).map((t) => t.tid));
      expect(got.length).toBeGreaterThan(0);
    }
    const listed = await byState(1);
    const long = all.find((t) => [...t.content].length > LIUYAN_PREVIEW_CHARS);
    const short = all.find((t) => [...t.content].length <= LIUYAN_PREVIEW_CHARS);
    expect(listed.find((t) => t.tid === long?.tid)?.content).toBe(listPreview(long?.content ?? ''));
    expect(listed.find((t) => t.tid === long?.tid)?.content).toMatch(/\.\.\.$/);
    if (!short) throw new Error('fixture has no short thread');
    expect(listed.find((t) => t.tid === short.tid)?.content).toBe(short.content);
    expect((await (await form({ fid: 1234, state: 9 })).json()) as object).toMatchObject({ result: 'fail' });
  });

  it('serves detail pages with the structure public scrapers read: question, state, reply and its time', async () => {
    const answered = sim.board.threads(5678).find((t) => t.answerContent);
    if (!answered?.answerDateline) throw new Error('fixture has no answered thread');
    const res = await fetch(`${sim.url}/threads/content?tid=${answered.tid}`);
    expect(res.status).toBe(200);
    const $ = load(await res.text());
    expect($('.liuyan_box03 .context-title-text').text()).toBe(answered.subject);
    expect($('.liuyan_box03 b em').first().text()).toBe(answered.stateInfo);
    expect($('.liuyan_box03 p.zoom.content').text()).toBe(answered.content);
    expect($('#currentForum').text()).toBe('阜阳市市长');
    expect($('.liuyan_box05 li.reply h3 i').text()).toBe(answered.answerOrganization);
    expect($('.liuyan_box05 p.zoom').text().trim()).toBe(answered.answerContent);
    expect($('.liuyan_box05 em').text()).toMatch(/^回复时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const open = sim.board.threads(1234).find((t) => !t.answerContent);
    const page = load(await (await fetch(`${sim.url}/threads/content?tid=${open?.tid}`)).text());
    expect(page('.liuyan_box05')).toHaveLength(0);
    expect((await fetch(`${sim.url}/threads/content?tid=1`)).status).toBe(404);
    sim.board.setFaults({ detailDown: [answered.tid] });
    expect((await fetch(`${sim.url}/threads/content?tid=${answered.tid}`)).status).toBe(503);
    sim.board.setFaults({ detailDown: [] });
  });
});
