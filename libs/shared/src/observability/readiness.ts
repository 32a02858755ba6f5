import { within } from './cached';

export type Dependency = 'postgres' | 'kafka';

/** What a probe answers in public: ok or not, per dependency, and never why (errors stay in the logs). */
export interface ProbeReport {
  status: 'ok' | 'unavailable';
  checks: Partial<Record<Dependency, 'up' | 'down'>>;
}

export type ReadinessChecks = Partial<Record<Dependency, () => Promise<boolean>>>;

const CHECK_TIMEOUT_MS = 3000;

/** Runs the app's checks side by side; a check that throws or takes over 3 s counts as down. */
export async function probe(checks: ReadinessChecks): Promise<ProbeReport> {
  const entries = Object.entries(checks) as [Dependency, () => Promise<boolean>][];
  const results = await Promise.all(
    entries.map(([name, check]) =>
      within(check(), CHECK_TIMEOUT_MS, name).then(
        (up) => [name, up ? 'up' : 'down'] as const,
        () => [name, 'down'] as const,
      ),
    ),
  );
  return {
    status: results.every(([, s]) => s === 'up') ? 'ok' : 'unavailable',
    checks: Object.fromEntries(results),
  };
}
