import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * prom-client's default gauges named `_total`, which Prometheus reserves for counters (`promtool check metrics`
 * refuses them); each is the sum of a by-type gauge it also serves (`nodejs_active_handles{type}`, …).
 */
const MISNAMED_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/** One registry per process: the Node runtime's own series (process_*, nodejs_*) and the app's, labelled by app. */
export function createMetricsRegistry(app: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(name);
  return registry;
}
