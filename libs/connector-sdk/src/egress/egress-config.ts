import { readFileSync } from 'node:fs';
import { EgressPolicy, type ResolvedAddress, type Resolver } from './egress-policy';

/** What EGRESS_ALLOW_CIDRS means when it is not set: loopback for explicit development and test, nothing otherwise. */
export const DEV_LOOPBACK_CIDRS = ['127.0.0.0/8', '::1/128'];

export interface EgressSettings {
  NODE_ENV?: string;
  /** CIDRs, comma-separated, or `none`; loadConfig fills the default (see egressAllowDefault). */
  EGRESS_ALLOW_CIDRS?: string;
  EGRESS_RESOLVER_FILE?: string;
}

/**
 * For tests only (loadConfig refuses it outside NODE_ENV=test): names resolve from a JSON file `{name: [address…]}`,
 * read at every lookup so a test can change an answer between create and send (DNS rebinding); a name not in the
 * file does not resolve, so a test never asks the real DNS.
 */
export function fileResolver(path: string): Resolver {
  return (host) => {
    let table: Record<string, string[]> = {};
    try {
      table = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string[]>;
    } catch {
      table = {};
    }
    const found = table[host] ?? [];
    return Promise.resolve(
      found.map((address): ResolvedAddress => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  };
}

/** The policy of a process, from its configuration (decision 022). */
export function egressPolicyFromConfig(config: EgressSettings): EgressPolicy {
  return new EgressPolicy({
    allowCidrs: egressAllowDefault(config.EGRESS_ALLOW_CIDRS, config.NODE_ENV),
    requireHttps: config.NODE_ENV === 'production',
    resolver: config.EGRESS_RESOLVER_FILE ? fileResolver(config.EGRESS_RESOLVER_FILE) : undefined,
  });
}

/** The same, from process.env as it stands, for a fetcher made without a policy (tools, specs). */
export function egressPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): EgressPolicy {
  const nodeEnv = env.NODE_ENV ?? '';
  return egressPolicyFromConfig({
    NODE_ENV: nodeEnv,
    EGRESS_ALLOW_CIDRS: env.EGRESS_ALLOW_CIDRS,
    EGRESS_RESOLVER_FILE: nodeEnv === 'test' ? env.EGRESS_RESOLVER_FILE : undefined,
  });
}

/** Unset: loopback only under an explicit NODE_ENV of development or test; `none` or an empty value: nothing. */
export function egressAllowDefault(raw: string | undefined, rawNodeEnv: string | undefined): string[] {
  if (raw === undefined)
    return rawNodeEnv === 'development' || rawNodeEnv === 'test' ? [...DEV_LOOPBACK_CIDRS] : [];
  if (raw.trim() === '' || raw.trim() === 'none') return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
