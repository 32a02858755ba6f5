import { isIP } from 'node:net';

/**
 * Refuses target URLs that cannot be right whatever they resolve to: not http(s), credentials in the URL (they would
 * sit in our tables and logs), no host, a fragment, a malformed host. Where the host leads is the egress policy's
 * question (decision 022), asked at create, at update and again at every send.
 */
export function targetProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url is not an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'url must be http or https';
  if (url.username || url.password) return 'url must not carry credentials; authenticate by the signature';
  if (url.hash) return 'url must not have a fragment';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (!host) return 'url has no host';
  if (host === '0.0.0.0' || host === '::' || /^0+(\.0+){3}$/.test(host)) return 'url host is unspecified';
  if (isIP(host) === 0 && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/.test(host))
    return 'url host is not a valid host name';
  return undefined;
}

/** What may be logged of a target: scheme and host, never a path or query that might carry a token. */
export function targetOrigin(raw: string): string {
  try {
    return new URL(raw).origin;
  } catch {
    return '(invalid url)';
  }
}
