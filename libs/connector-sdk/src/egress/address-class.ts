import { inRange, type IpAddress, parseCidr, parseIp, unwrapMapped } from './ip-address';

/** Why an address is not a public one; `public` is the only class the policy lets through without an allowlist. */
export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'cgnat'
  | 'multicast'
  | 'broadcast'
  | 'unique_local'
  | 'reserved';

/** Most specific first: 255.255.255.255 is broadcast before it is in 240/4. */
const RANGES: [string, AddressClass][] = [
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'cgnat'],
  ['127.0.0.0/8', 'loopback'],
  // Includes the cloud metadata service 169.254.169.254.
  ['169.254.0.0/16', 'link_local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'reserved'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'reserved'],
  ['198.51.100.0/24', 'reserved'],
  ['203.0.113.0/24', 'reserved'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  // IPv4-compatible (deprecated), NAT64 and 6to4 embed an IPv4 address that could be anything: refused outright.
  ['::/96', 'reserved'],
  ['64:ff9b::/96', 'reserved'],
  ['2002::/16', 'reserved'],
  ['2001:db8::/32', 'reserved'],
  ['fc00::/7', 'unique_local'],
  ['fe80::/10', 'link_local'],
  ['ff00::/8', 'multicast'],
].map(([cidr, cls]) => [cidr, cls as AddressClass]);

const PARSED = RANGES.map(([cidr, cls]) => ({ range: parseCidr(cidr)!, cls }));

export function classifyIp(ip: IpAddress): AddressClass {
  const plain = unwrapMapped(ip);
  for (const { range, cls } of PARSED) if (inRange(plain, range.base, range.prefix)) return cls;
  return 'public';
}

/** The class of a literal address; undefined when the text is not an IP address. */
export function classifyAddress(text: string): AddressClass | undefined {
  const ip = parseIp(text);
  return ip ? classifyIp(ip) : undefined;
}
