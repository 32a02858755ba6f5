import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO } from '../support/paths';

const run = promisify(execFile);

/** `npm run -s route -- FILE.jsonl`: one RoutedTicket line per item on stdout, nothing else, even for bad lines. */
describe('offline routing', () => {
  it('routes a JSONL file with only id and content, using the default pack when no database answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'route-'));
    const file = join(dir, 'items.jsonl');
    const lines = [
      { id: 'a1', content: '临泉县城关街道某小区物业不作为，电梯停运一周无人维修。' },
      { id: 'a2', content: '谢谢12345', appealType: 'praise' },
      { id: 'a3', content: '' },
      {
        id: 'a4',
        content: '颍上县慎城镇建筑工地老板拖欠农民工工资三个月',
        title: '讨薪',
        channel: 'hotline_12345',
      },
    ];
    writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\nnot json at all\n`);
    const { stdout, stderr } = await run(
      process.execPath,
      [join(REPO, 'dist/apps/router/src/offline/main.js'), file],
      {
        env: { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' },
      },
    );
    expect(stderr).toContain('using the default rule pack');
    const out = stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            item?: { id: string };
            id?: string;
            decision: { mode: string; lead?: { unitName: string }; ruleSetVersion: number };
          },
      );
    expect(out).toHaveLength(5);
    expect(out.map((o) => o.item?.id ?? o.id)).toEqual(['a1', 'a2', 'a3', 'a4', 'line-5']);
    expect(out[0].decision).toMatchObject({
      mode: 'auto',
      lead: { unitName: '临泉县住房和城乡建设局' },
      ruleSetVersion: 2,
    });
    expect(out[1].decision.mode).toBe('triage');
    expect(out[2].decision.mode).toBe('triage');
    expect(out[3].decision).toMatchObject({ mode: 'auto', lead: { unitName: '颍上县人力资源和社会保障局' } });
  });

  it('routes on worker threads (--workers 2) to the same lines in the same order as on one thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'route-'));
    const file = join(dir, 'items.jsonl');
    // More than two batches of 256, bad lines among them, fixed receipt times so due dates do not move.
    const corpus = readFileSync(join(REPO, 'test/corpus/appeals-extended.jsonl'), 'utf8').trim().split('\n');
    const lines = corpus.slice(0, 600).map((l, i) => {
      const { id, title, content, appealType } = JSON.parse(l) as Record<string, string>;
      return JSON.stringify({
        id,
        title,
        content,
        appealType,
        receivedAt: `2026-11-${10 + (i % 9)}T09:30:00+08:00`,
      });
    });
    lines.splice(300, 0, 'not json at all', '', JSON.stringify({ id: 'empty', content: '' }));
    writeFileSync(file, `${lines.join('\n')}\n`);
    const script = join(REPO, 'dist/apps/router/src/offline/main.js');
    const env = { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' };
    const one = await run(process.execPath, [script, file], { env, maxBuffer: 1 << 28 });
    const two = await run(process.execPath, [script, '--workers', '2', file], { env, maxBuffer: 1 << 28 });
    // The CLI ran itself again with single-threaded GC for its workers (gc-relaunch.ts), and said so once.
    expect(
      two.stderr.match(/route: 602 items on 2 worker threads, single-threaded GC \(\d+ a second\)\n/g),
    ).toHaveLength(1);
    // Only the clock differs between the runs: when each decided and fetched.
    const timeless = (out: string) =>
      out
        .replace(/"(decidedAt|fetchedAt)":"[^"]+"/g, '"$1":0')
        .trim()
        .split('\n');
    const expected = timeless(one.stdout);
    expect(expected).toHaveLength(602);
    expect(expected[300]).toContain('"id":"line-301"');
    expect(timeless(two.stdout)).toEqual(expected);
  });

  it('passes the relaunched process exit code on, and keeps V8 default GC when asked', async () => {
    const script = join(REPO, 'dist/apps/router/src/offline/main.js');
    const env = { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' };
    const missing = join(mkdtempSync(join(tmpdir(), 'route-')), 'missing.jsonl');
    const failed = await run(process.execPath, [script, '--workers', '2', missing], { env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect('code' in failed && failed.code).toBe(1);
    expect(failed.stderr.match(/ENOENT/g)).toHaveLength(1);

    const file = join(mkdtempSync(join(tmpdir(), 'route-')), 'one.jsonl');
    writeFileSync(file, `${JSON.stringify({ id: 'gc-1', content: '颍州区文峰街道路灯不亮' })}\n`);
    const plain = await run(process.execPath, [script, '--workers', '2', file], {
      env: { ...env, ROUTE_WORKER_GC: 'default' },
    });
    expect(plain.stderr).toMatch(/route: 1 items on 2 worker threads \(\d+ a second\)\n/);
  });
});
