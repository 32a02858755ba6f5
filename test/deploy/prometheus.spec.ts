import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parse } from 'yaml';
import { read, REPO } from './support/repo-files';

const DIR = join(REPO, 'deploy', 'prometheus');

/** promtool from Debian's `prometheus` package; .ci/run installs it. Missing, the test fails rather than skips. */
function promtool(...args: string[]): { status: number | null; out: string } {
  const run = spawnSync('promtool', args, { cwd: DIR, encoding: 'utf8' });
  if (run.error) throw new Error(`promtool: ${run.error.message} (apt-get install prometheus)`);
  return { status: run.status, out: run.stdout + run.stderr };
}

interface Rule {
  alert: string;
  expr: string;
}

const rules = (parse(read('deploy/prometheus/alerts.yml')) as { groups: { rules: Rule[] }[] }).groups.flatMap(
  (g) => g.rules,
);

/** The runbook's table "Metrics the alerts read": name → type. */
function metricTable(): Map<string, string> {
  const runbook = read('docs/runbook.md');
  const section = runbook.slice(runbook.indexOf('### Metrics the alerts read'));
  const rows = [...section.matchAll(/^\| `(minsheng_[a-z_]+)`\s*\|\s*(\w+)\s*\|/gm)];
  return new Map(rows.map((m) => [m[1], m[2]]));
}

/** Metric names a PromQL expression reads, histogram series mapped to their metric. */
const metricsIn = (expr: string) =>
  [...expr.matchAll(/\bminsheng_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, ''));

describe('deploy/prometheus', () => {
  it('has rules that promtool accepts', () => {
    const check = promtool('check', 'rules', 'alerts.yml');
    expect(check.out).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(check.status).toBe(0);
  });

  it('passes its promtool rule tests', () => {
    const test = promtool('test', 'rules', 'alerts.test.yml');
    expect(test.out).toContain('SUCCESS');
    expect(test.status).toBe(0);
  });

  it('tests every alert both firing and quiet', () => {
    const tests = (
      parse(read('deploy/prometheus/alerts.test.yml')) as {
        tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
      }
    ).tests.flatMap((t) => t.alert_rule_test);
    for (const { alert } of rules) {
      const cases = tests.filter((t) => t.alertname === alert);
      expect({ alert, fires: cases.some((c) => c.exp_alerts.length > 0) }).toEqual({ alert, fires: true });
      expect({ alert, quiet: cases.some((c) => c.exp_alerts.length === 0) }).toEqual({ alert, quiet: true });
    }
  });

  it('names metrics as DESIGN §10 says, each with the suffix its type requires', () => {
    const table = metricTable();
    expect(table.size).toBeGreaterThan(15);
    for (const [name, type] of table) {
      expect(name).toMatch(/^minsheng_[a-z]+_[a-z]+(_[a-z]+)*$/);
      expect(['counter', 'gauge', 'histogram']).toContain(type);
      if (type === 'counter') expect(name).toMatch(/_total$/);
      else expect(name).not.toMatch(/_total$/);
      if (type === 'histogram') expect(name).toMatch(/_seconds$/);
    }
  });

  it('reads in alerts and dashboard only metrics of the runbook table, histograms through their buckets', () => {
    const table = metricTable();
    const dashboard = JSON.parse(read('deploy/grafana/minsheng-hub.json')) as {
      uid: string;
      panels: { type: string; targets?: { expr: string }[] }[];
    };
    expect(dashboard.uid).toBe('minsheng-hub');
    const exprs = [
      ...rules.map((r) => r.expr),
      ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
    ];
    const used = new Set(exprs.flatMap(metricsIn));
    expect([...used].filter((m) => !table.has(m))).toEqual([]);
    for (const expr of exprs)
      for (const m of expr.matchAll(/\bminsheng_[a-z_]+/g))
        if (table.get(m[0].replace(/_bucket$/, '')) === 'histogram') expect(m[0]).toMatch(/_bucket$/);
    // Every metric the apps must serve is shown or alerted on somewhere.
    expect([...table.keys()].filter((m) => !used.has(m))).toEqual([]);
  });
});
