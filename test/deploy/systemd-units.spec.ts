import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtByBuild, CONFIG_NAMES, nodeScript, REPO } from './support/repo-files';

const DIR = join(REPO, 'deploy', 'systemd');
const UNITS = readdirSync(DIR).filter((f) => f.endsWith('.service'));

/** Sections of a unit file: name → [key, value] pairs in order (keys repeat in systemd). */
function parseUnit(file: string): Map<string, [string, string][]> {
  const sections = new Map<string, [string, string][]>();
  let current: [string, string][] = [];
  for (const raw of readFileSync(join(DIR, file), 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const section = /^\[(\w+)\]$/.exec(line);
    if (section) sections.set(section[1], (current = []));
    else {
      const eq = line.indexOf('=');
      current.push([line.slice(0, eq), line.slice(eq + 1)]);
    }
  }
  return sections;
}

const get = (unit: Map<string, [string, string][]>, section: string, key: string): string[] =>
  (unit.get(section) ?? []).filter(([k]) => k === key).map(([, v]) => v);

describe('deploy/systemd', () => {
  it('has a unit per app and one for migrations', () => {
    expect(UNITS.sort()).toEqual([
      'minsheng-connectors.service',
      'minsheng-gateway.service',
      'minsheng-migrate.service',
      'minsheng-router.service',
    ]);
  });

  it('passes systemd-analyze verify without a warning (unknown keys, bad values, missing units)', () => {
    // Debian's systemd is on every machine of this project's kind; a missing binary fails here, not skips.
    const run = spawnSync('systemd-analyze', ['verify', '--man=no', ...UNITS.map((u) => `./${u}`)], {
      cwd: DIR,
      encoding: 'utf8',
    });
    expect(run.error).toBeUndefined();
    // Problems are warnings on stderr with exit code 0, so the output itself must be empty.
    expect({ status: run.status, out: run.stdout + run.stderr }).toEqual({ status: 0, out: '' });
  });

  it.each(UNITS)(
    '%s runs a built script as an unprivileged user from the environment file, hardened',
    (file) => {
      const unit = parseUnit(file);
      const [exec] = get(unit, 'Service', 'ExecStart');
      const script = nodeScript(exec.split(/\s+/));
      expect(script).toBeDefined();
      expect(builtByBuild(script!)).toBe(true);
      expect(get(unit, 'Service', 'User')).toEqual(['minsheng']);
      expect(get(unit, 'Service', 'EnvironmentFile')).toEqual(['/etc/minsheng/minsheng.env']);
      expect(get(unit, 'Service', 'NoNewPrivileges')).toEqual(['yes']);
      expect(get(unit, 'Service', 'ProtectSystem')).toEqual(['strict']);
      expect(get(unit, 'Service', 'PrivateTmp')).toEqual(['yes']);
      expect(get(unit, 'Service', 'CapabilityBoundingSet')).toEqual(['']);
      // V8 compiles code at run time; MemoryDenyWriteExecute would kill node.
      expect(get(unit, 'Service', 'MemoryDenyWriteExecute')).toEqual([]);
      expect(get(unit, 'Install', 'WantedBy')).toEqual(['multi-user.target']);
      for (const env of get(unit, 'Service', 'Environment'))
        expect(CONFIG_NAMES.has(env.slice(0, env.indexOf('=')))).toBe(true);
    },
  );

  it.each(UNITS.filter((u) => u !== 'minsheng-migrate.service'))(
    '%s restarts on failure and starts only after the migrations',
    (file) => {
      const unit = parseUnit(file);
      expect(get(unit, 'Service', 'Restart')).toEqual(['on-failure']);
      expect(get(unit, 'Unit', 'Requires')).toEqual(['minsheng-migrate.service']);
      expect(get(unit, 'Unit', 'After').join(' ')).toContain('minsheng-migrate.service');
    },
  );

  it('gives the router its host name as instance id, overridable from the environment file', () => {
    expect(get(parseUnit('minsheng-router.service'), 'Service', 'Environment')).toEqual([
      'ROUTER_INSTANCE_ID=%l',
    ]);
  });

  it('has an environment file example with only config variables and no secret values', () => {
    const lines = readFileSync(join(DIR, 'minsheng.env.example'), 'utf8')
      .split('\n')
      .map((l) => l.replace(/^#(?=[A-Z_]+=)/, ''))
      .filter((l) => /^[A-Z_]+=/.test(l));
    const vars = new Map(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(vars.size).toBeGreaterThan(5);
    expect([...vars.keys()].filter((n) => !CONFIG_NAMES.has(n))).toEqual([]);
    for (const secret of ['PII_HASH_KEY', 'SECRETS_KEY', 'SECRETS_KEY_PREVIOUS'])
      expect(vars.get(secret)).toBe('');
  });
});
