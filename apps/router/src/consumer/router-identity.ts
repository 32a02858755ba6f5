import { hostname } from 'node:os';

/**
 * This replica's name in Kafka's client id and in the logs: ROUTER_INSTANCE_ID when set, else the host (in
 * Kubernetes, the pod) name with the process id, so two replicas on one host differ with no configuration.
 * Correctness does not rest on it: transactional ids are per input partition (decision 026).
 */
export function routerInstanceId(
  configured: string | undefined,
  host = hostname(),
  pid = process.pid,
): string {
  if (configured) return configured;
  const name = host.replace(/[^a-zA-Z0-9._-]/g, '-').slice(0, 200) || 'router';
  return `${name}-${pid}`;
}
