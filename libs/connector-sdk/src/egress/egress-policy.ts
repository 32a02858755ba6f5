import { lookup as dnsLookup } from 'node:dns/promises';
import { type LookupFunction } from 'node:net';
import { type AddressClass, classifyIp } from './address-class';
import { type Cidr, inRange, parseCidr, parseIp, unwrapMapped } from './ip-address';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Name → addresses. Injectable so that tests decide what a name resolves to and never reach another network. */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/** Why a target was refused; `detail` (for admins and logs) names the host and address, never a path or query. */
export type RefusalReason =
  | 'invalid_url'
  | 'scheme'
  | 'credentials'
  | 'https_required'
  | 'unresolvable'
  | Exclude<AddressClass, 'public'>;

export class EgressRefusal extends Error {
  /** The coarse code every caller may see. */
  readonly code = 'target_refused';

  constructor(
    readonly reason: RefusalReason,
    readonly detail: string,
  ) {
    super(`target refused (${reason}): ${detail}`);
    this.name = 'EgressRefusal';
  }
}

/** A target that passed: connect to `address` (pinned), never to a fresh resolution of `host`. */
export interface EgressTarget {
  url: URL;
  /** The host as written, brackets and a trailing dot removed, lower-cased. */
  host: string;
  address: string;
  family: 4 | 6;
}

export interface EgressPolicyOptions {
  /** Ranges allowed for every target (EGRESS_ALLOW_CIDRS). */
  allowCidrs?: readonly string[];
  /** Refuse plain http unless the target is allowlisted (production). */
  requireHttps?: boolean;
  resolver?: Resolver;
}

/**
 * One entry of an allowlist: a CIDR (or bare address) or a host name. A host name trusts whatever that name resolves
 * to; a CIDR trusts those addresses whatever name leads there.
 */
export interface Allowlist {
  cidrs: Cidr[];
  hosts: Set<string>;
}

/** Normalizes a host for comparison: lower case, no brackets, no trailing dot (`localhost.` is `localhost`). */
export function normalHost(host: string): string {
  return host
    .replace(/^\[|\]$/g, '')
    .replace(/\.+$/, '')
    .toLowerCase();
}

const HOST_NAME = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;

/**
 * The widest range one allowlist entry may name: no private or special block is wider (10/8 and 127/8; fc00::/7),
 * so a shorter prefix can only be an attempt to allow everything (`0.0.0.0/0`, `::/0`, `0.0.0.0/1` …).
 */
export const WIDEST_ALLOWED_PREFIX = { 4: 8, 6: 7 } as const;

/** What is wrong with one allowlist entry, or '' when it is a host name or a CIDR no wider than allowed. */
function entryProblem(entry: string): string {
  const cidr = parseCidr(entry);
  if (cidr) {
    const widest = WIDEST_ALLOWED_PREFIX[cidr.base.family];
    return cidr.prefix < widest
      ? `${cidr.text} is wider than /${widest}; allowlist the private block you mean, never everything`
      : '';
  }
  if (/[*?]/.test(entry)) return 'wildcards are not allowed; name each host, or give a CIDR';
  if (entry.includes('/') && !entry.includes('://')) return 'not a valid CIDR';
  return HOST_NAME.test(normalHost(entry)) ? '' : 'neither a host name nor a CIDR (no scheme, port or path)';
}

/** Problems with allowlist entries, for the admin API and config (one message per bad entry). */
export function allowlistProblems(entries: readonly string[]): string[] {
  return entries.map((e, i) => (entryProblem(e) ? `[${i}]: ${entryProblem(e)}` : '')).filter(Boolean);
}

export function parseAllowlist(entries: readonly string[]): Allowlist {
  const cidrs: Cidr[] = [];
  const hosts = new Set<string>();
  for (const e of entries) {
    if (!e.trim()) continue;
    const cidr = parseCidr(e);
    if (cidr) cidrs.push(cidr);
    else if (HOST_NAME.test(normalHost(e))) hosts.add(normalHost(e));
    else throw new Error(`egress allowlist: ${JSON.stringify(e)} is neither a CIDR nor a host name`);
  }
  return { cidrs, hosts };
}

/**
 * The one rule for every outbound request (connector pulls and live checks, webhook deliveries): http(s) only, no
 * credentials in the URL, the name resolved and every address it resolves to public (loopback, private, link-local
 * with the metadata service, CGNAT, multicast, broadcast, unique-local, IPv4-mapped forms of those … refused) unless
 * allowlisted, and https in production unless allowlisted. The caller connects to the returned address (see
 * pinnedLookup), so a second resolution cannot swap in another one (DNS rebinding).
 */
export class EgressPolicy {
  private readonly global: Allowlist;
  private readonly requireHttps: boolean;
  private readonly resolver: Resolver;

  constructor(opts: EgressPolicyOptions = {}) {
    this.global = parseAllowlist(opts.allowCidrs ?? []);
    if (this.global.hosts.size) throw new Error('EGRESS_ALLOW_CIDRS takes CIDRs only');
    this.requireHttps = opts.requireHttps ?? false;
    this.resolver = opts.resolver ?? systemResolver;
  }

  /** Checks `raw` (with an instance's or webhook's own allowlist on top of the global one); throws EgressRefusal. */
  async check(raw: string, allow: readonly string[] = []): Promise<EgressTarget> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new EgressRefusal('invalid_url', 'not an absolute URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new EgressRefusal('scheme', `scheme ${url.protocol.replace(/:$/, '')} is not http or https`);
    if (url.username || url.password) throw new EgressRefusal('credentials', 'credentials in the URL');
    const host = normalHost(url.hostname);
    if (!host) throw new EgressRefusal('invalid_url', 'no host');
    const own = parseAllowlist(allow);
    const hostAllowed = own.hosts.has(host);
    const literal = parseIp(host);
    let addresses: ResolvedAddress[];
    if (literal) addresses = [{ address: host, family: literal.family }];
    else {
      try {
        addresses = await this.resolver(host);
      } catch {
        addresses = [];
      }
      if (!addresses.length) throw new EgressRefusal('unresolvable', `${host} does not resolve`);
    }
    let everyListed = true;
    for (const a of addresses) {
      const ip = parseIp(a.address);
      if (!ip) throw new EgressRefusal('unresolvable', `${host} resolved to a non-address`);
      const plain = unwrapMapped(ip);
      const listed = [...this.global.cidrs, ...own.cidrs].some((c) => inRange(plain, c.base, c.prefix));
      everyListed &&= listed;
      const cls = classifyIp(ip);
      // Every address must pass, not just the first: a mixed answer is how rebinding slips a private one in.
      if (!listed && !hostAllowed && cls !== 'public')
        throw new EgressRefusal(cls, `${host} is ${a.address} (${cls.replace('_', '-')})`);
    }
    if (this.requireHttps && url.protocol === 'http:' && !hostAllowed && !everyListed)
      throw new EgressRefusal('https_required', `plain http to ${host} (https is required in production)`);
    const [first] = addresses;
    return { url, host, address: first.address, family: first.family };
  }
}

/** A `lookup` for http(s).request / axios / an Agent that answers with the checked address only. */
export function pinnedLookup(target: Pick<EgressTarget, 'address' | 'family'>): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as unknown as LookupFunction;
}

/** Same scheme, host and port. */
export function sameOrigin(a: string | URL, b: string | URL): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
