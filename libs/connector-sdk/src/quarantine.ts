import { sha256Hex } from '@minsheng/shared/ids';

const PREFIX = 'unparsed:';

/**
 * The external id of a record that did not parse far enough to say its own: the one scheme of every type, from the
 * raw text as captured. The same bytes quarantined twice keep one id (the dead letter is not doubled), and ids are
 * per channel already (appealId), so the type need not be in it.
 */
export function quarantineId(raw: string): string {
  return `${PREFIX}${sha256Hex(raw).slice(0, 24)}`;
}

export function isQuarantineId(externalId: string): boolean {
  return externalId.startsWith(PREFIX) && /^[0-9a-f]{24}$/.test(externalId.slice(PREFIX.length));
}
