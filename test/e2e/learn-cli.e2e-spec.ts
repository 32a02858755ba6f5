import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { extendedCorpus } from '../corpus/extended/generate';
import { REPO } from '../support/paths';

const run = promisify(execFile);

interface Routed {
  item: { id: string };
  decision: {
    mode: string;
    reason?: string;
    lead?: { department: string; unitName: string };
    modelVersion?: string;
    suggestions?: { department: string; confidence: number }[];
    explanation: string[];
  };
}

/** A small history a city could export: the generated corpus's labelled lines, and two returns (退单). */
function writeHistory(dir: string): string {
  const lines = extendedCorpus()
    .filter((l) => l.expected.department !== null)
    .map((l) => ({ title: l.title, content: l.content, department: l.expected.department }));
  lines.push(
    {
      title: undefined,
      content: '小区门口的路灯坏了',
      department: 'housing-construction',
      returned: true,
    } as never,
    { title: undefined, content: '楼道里的灯不亮', department: 'utility-power', returned: true } as never,
  );
  const file = join(dir, 'history.jsonl');
  writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\nnot a line\n`);
  return file;
}

/** `npm run -s learn` and `npm run -s route -- --history`, on the built CLIs, with no database. */
describe('offline learning CLIs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'learn-'));
  const history = writeHistory(dir);
  const env = { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' };

  it('learn prints the cross-validated figures as one JSON line', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [join(REPO, 'dist/apps/router/src/offline/learn.js'), '--history', history, '--folds', '4'],
      { env },
    );
    expect(stderr).toContain('1 lines skipped');
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const figures = JSON.parse(lines[0]) as Record<string, unknown> & {
      model: {
        examples: number;
        returnedExamples: number;
        perDepartment: Record<string, number>;
        version: string;
      };
      perDepartment: Record<string, { examples: number; precision: number }>;
    };
    expect(figures).toMatchObject({ folds: 4, skipped: 1 });
    expect(figures.model.examples).toBeGreaterThan(1000);
    expect(figures.model.returnedExamples).toBe(2);
    expect(Object.keys(figures.model.perDepartment)).toHaveLength(29);
    expect(figures.model.version).toMatch(/^tm-[0-9a-f]{8}$/);
    for (const key of ['precision', 'coverage', 'recall', 'threshold', 'calibrationError', 'trainingSeconds'])
      expect(typeof figures[key]).toBe('number');
    expect(figures.precision as number).toBeGreaterThan(0.85);
    expect(figures.perDepartment.telecom.examples).toBeGreaterThan(0);
  });

  it('route --history routes what no rule decides by the model, and changes nothing a rule decides', async () => {
    const items = join(dir, 'items.jsonl');
    const lines = [
      { id: 'r1', content: '临泉县城关街道某小区物业不作为，电梯停运一周无人维修。' },
      { id: 'm1', content: '临泉县城关镇，图书馆周一闭馆，晚上也不开，上班族根本没时间去。' },
      { id: 'v1', content: '颍上县慎城镇，这个事情说了很久了。' },
    ];
    writeFileSync(items, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const script = join(REPO, 'dist/apps/router/src/offline/main.js');
    const plain = await run(process.execPath, [script, items], { env });
    const learned = await run(process.execPath, [script, '--history', history, items], { env });
    expect(learned.stderr).toMatch(
      /route: model tm-[0-9a-f]{8} trained on \d+ decided appeals \(1 lines skipped\)/,
    );
    const parse = (out: string) =>
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Routed);
    const [r1, m1, v1] = parse(learned.stdout);
    const [p1, p2, p3] = parse(plain.stdout);
    const version = r1.decision.modelVersion;
    expect(version).toMatch(/^tm-/);

    // A rule decides r1 either way; only the model's version is recorded beside it.
    expect({ ...r1.decision, modelVersion: undefined, decidedAt: 0 }).toEqual({
      ...p1.decision,
      decidedAt: 0,
    });
    expect(p2.decision).toMatchObject({ mode: 'triage', reason: 'no_department' });
    expect(p2.decision.modelVersion).toBeUndefined();

    expect(m1.decision).toMatchObject({
      mode: 'auto',
      modelVersion: version,
      lead: { department: 'culture-tourism-sports', unitName: '临泉县文化旅游体育局' },
    });
    expect(m1.decision.suggestions?.[0].department).toBe('culture-tourism-sports');
    expect(m1.decision.explanation.join('\n')).toMatch(
      /model tm-[0-9a-f]{8}: culture-tourism-sports .*from 「.+」/,
    );

    expect(p3.decision).toMatchObject({ mode: 'triage', reason: 'no_department' });
    expect(v1.decision).toMatchObject({ mode: 'triage', reason: 'no_department', modelVersion: version });
    expect(v1.decision.lead).toBeUndefined();
    expect(v1.decision.suggestions?.length).toBe(3);
  });
});
