import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
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
});
