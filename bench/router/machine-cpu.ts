import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds (user + system) so far of one /proc/<pid>/stat line, and the process's command name. */
function statOf(pid: string): { comm: string; seconds: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    // Fields after the parenthesised command name, which may itself hold spaces: utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { comm, seconds: (Number(fields[11]) + Number(fields[12])) / 100 };
  } catch {
    return undefined; // the process ended between the listing and the read
  }
}

/**
 * CPU seconds used so far on this machine, by who used them: the router processes, PostgreSQL's backends, the
 * Kafka broker (a JVM), this bench and everything else. Two readings subtracted say where a window's CPU went; on a
 * 2-core machine the router's rate is bounded by what the others leave it. Processes that end in the window lose
 * their share, so the figures are a floor. Empty where /proc is absent.
 */
export function machineCpu(routerPids: number[]): Record<string, number> {
  const out: Record<string, number> = { router: 0, postgres: 0, kafka: 0, bench: 0, other: 0 };
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return {};
  }
  const routers = new Set(routerPids.map(String));
  for (const pid of pids) {
    const s = statOf(pid);
    if (!s) continue;
    const who = routers.has(pid)
      ? 'router'
      : pid === String(process.pid)
        ? 'bench'
        : s.comm === 'postgres'
          ? 'postgres'
          : s.comm === 'java'
            ? 'kafka'
            : 'other';
    out[who] += s.seconds;
  }
  return out;
}

/** after − before, per user, in CPU ms per item. */
export function cpuMsPerItem(
  before: Record<string, number>,
  after: Record<string, number>,
  items: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after))
    out[k] = Number((((v - (before[k] ?? 0)) * 1000) / items).toFixed(3));
  return out;
}
