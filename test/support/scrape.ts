import { spawnSync } from 'node:child_process';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A /metrics answer in the Prometheus text format, read the plain way (one sample per line). */
export class Scrape {
  readonly samples: Sample[];

  constructor(readonly text: string) {
    this.samples = text
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((line) => {
        const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
        if (!m) throw new Error(`not a sample line: ${line}`);
        const labels: Record<string, string> = {};
        for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
          labels[l[1]] = l[2];
        return { name: m[1], labels, value: Number(m[3]) };
      });
  }

  /** Samples of one series name whose labels include `match`. */
  find(name: string, match: Record<string, string> = {}): Sample[] {
    return this.samples.filter(
      (s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v),
    );
  }

  /** Their sum; 0 when there are none (a counter not yet incremented has no labelled sample). */
  sum(name: string, match: Record<string, string> = {}): number {
    return this.find(name, match).reduce((n, s) => n + s.value, 0);
  }

  /** The TYPE line of a metric: the contract names a type as well as a name. */
  type(name: string): string | undefined {
    return new RegExp(`^# TYPE ${name} (\\w+)$`, 'm').exec(this.text)?.[1];
  }
}

export async function scrape(baseUrl: string): Promise<Scrape> {
  const res = await fetch(`${baseUrl}/metrics`);
  if (res.status !== 200) throw new Error(`${baseUrl}/metrics answered ${res.status}`);
  expectPrometheusText(res.headers.get('content-type'));
  return new Scrape(await res.text());
}

function expectPrometheusText(type: string | null): void {
  if (!type?.startsWith('text/plain;') || !type.includes('version=0.0.4'))
    throw new Error(`not the Prometheus text format: ${type}`);
}

/** `promtool check metrics` (Debian's prometheus package; .ci/run installs it): lint of names, types and help. */
export function promtoolCheck(text: string): { status: number | null; out: string } {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (run.error) throw new Error(`promtool: ${run.error.message} (apt-get install prometheus)`);
  return { status: run.status, out: run.stdout + run.stderr };
}
