import { builtByBuild, isPackageScript, nodeScript, read } from './support/repo-files';

interface Instruction {
  op: string;
  args: string;
}

/** Instructions of deploy/Dockerfile, continuation lines joined, comments dropped. */
function instructions(): Instruction[] {
  return read('deploy/Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

/** Stages in order, each with its instructions. */
function stages(): { from: string; name?: string; body: Instruction[] }[] {
  const out: { from: string; name?: string; body: Instruction[] }[] = [];
  for (const i of instructions()) {
    if (i.op === 'FROM') {
      const [from, as, name] = i.args.split(/\s+/);
      out.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, body: [] });
    } else out[out.length - 1].body.push(i);
  }
  return out;
}

/** The Dockerfile builds nothing here (no Docker daemon): its commands are checked against the repository. */
describe('deploy/Dockerfile', () => {
  const all = stages();
  const final = all[all.length - 1];

  it('builds on Node 20 slim in every stage, in several stages', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const s of all) expect(s.from).toMatch(/^node:20(\.[\d.]+)?-[a-z]+-slim$|^node:20-slim$/);
  });

  it('runs only package scripts that exist (npm run X) and builds with the project build script', () => {
    const runs = all.flatMap((s) => s.body.filter((i) => i.op === 'RUN').map((i) => i.args));
    const scripts = runs.flatMap((r) => [...r.matchAll(/npm run(?: -s)? ([\w:.-]+)/g)].map((m) => m[1]));
    expect(scripts).toContain('build');
    for (const s of scripts) expect(isPackageScript(s)).toBe(true);
  });

  it('installs production dependencies only for the runtime, from the lock file', () => {
    const deps = all.find((s) => s.body.some((i) => i.op === 'RUN' && /npm ci .*--omit=dev/.test(i.args)));
    expect(deps?.name).toBeDefined();
    const copies = final.body.filter((i) => i.op === 'COPY').map((i) => i.args);
    expect(copies).toContain(`--from=${deps!.name} /app/node_modules ./node_modules`);
    // The runtime takes only compiled output from the build stage, no sources and no dev dependencies.
    const build = all.find((s) => s.body.some((i) => i.op === 'RUN' && /npm run build/.test(i.args)));
    expect(copies.filter((c) => c.startsWith(`--from=${build!.name}`))).toEqual([
      `--from=${build!.name} /app/dist ./dist`,
    ]);
    for (const c of copies.filter((c) => c.startsWith('--from='))) {
      expect(all.map((s) => s.name)).toContain(/^--from=(\S+)/.exec(c)![1]);
    }
  });

  it('runs as a non-root user in production mode', () => {
    const users = final.body.filter((i) => i.op === 'USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]).not.toMatch(/^(root|0)(:|$)/);
    expect(final.body).toContainEqual({ op: 'ENV', args: 'NODE_ENV=production' });
  });

  it('starts a script that the build produces', () => {
    const cmd = final.body.filter((i) => i.op === 'CMD');
    expect(cmd).toHaveLength(1);
    const argv = JSON.parse(cmd[0].args) as string[];
    const script = nodeScript(argv);
    expect(script).toBe('dist/apps/gateway/src/main.js');
    expect(builtByBuild(script!)).toBe(true);
  });
});
