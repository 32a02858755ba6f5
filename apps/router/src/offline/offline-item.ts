import { type AppealItemV1, APPEAL_TYPES, type AppealType } from '@minsheng/shared/contracts';
import { sha256Hex } from '@minsheng/shared/ids';

type Loose = Partial<AppealItemV1> & {
  id?: unknown;
  content?: unknown;
  address?: unknown;
  addressText?: unknown;
};

/**
 * Offline files may carry only `id` and `content`; everything else gets the default a channel would have sent
 * for "unknown" (no place, no reporter, type other), so the same engine can route it.
 */
export function offlineItem(raw: Loose, now: Date): AppealItemV1 {
  const id = typeof raw.id === 'string' || typeof raw.id === 'number' ? String(raw.id) : '';
  if (!id) throw new Error('each line needs an id');
  if (typeof raw.content !== 'string' || !raw.content.trim()) throw new Error(`item ${id} has no content`);
  const content = raw.content;
  const at =
    typeof raw.receivedAt === 'string'
      ? raw.receivedAt
      : typeof raw.submittedAt === 'string'
        ? raw.submittedAt
        : now.toISOString();
  const address =
    raw.location?.addressText ??
    (typeof raw.addressText === 'string'
      ? raw.addressText
      : typeof raw.address === 'string'
        ? raw.address
        : undefined);
  // Only an item without its own trace id or source needs the digest; a full AppealItemV1 line skips the hash.
  let digest: string | undefined;
  const sha = () => (digest ??= sha256Hex(`${id}\u0000${content}`));
  return {
    schemaVersion: 1,
    id,
    revision: typeof raw.revision === 'number' ? raw.revision : 1,
    traceId: raw.traceId ?? sha().slice(0, 16),
    channel: typeof raw.channel === 'string' && raw.channel ? raw.channel : 'offline',
    source: raw.source ?? {
      system: 'offline',
      externalId: id,
      fetchedAt: now.toISOString(),
      rawRef: `offline:${sha()}`,
      rawSha256: sha(),
      parserVersion: 'offline/1',
      connectorId: 'offline',
    },
    submittedAt: raw.submittedAt ?? at,
    receivedAt: at,
    title: typeof raw.title === 'string' ? raw.title : undefined,
    content,
    appealType: APPEAL_TYPES.includes(raw.appealType as AppealType)
      ? (raw.appealType as AppealType)
      : 'other',
    sourceTypeLabel: raw.sourceTypeLabel,
    sourceDomainLabel: raw.sourceDomainLabel,
    location: address
      ? {
          ...raw.location,
          addressText: address,
          precision: raw.location?.precision ?? 'address',
          origin: raw.location?.origin ?? 'citizen',
        }
      : (raw.location ?? { precision: 'none', origin: 'none' }),
    targetHint: raw.targetHint,
    reporter: raw.reporter ?? { anonymous: false, publicVisible: false },
    attachments: Array.isArray(raw.attachments) ? raw.attachments : [],
    riskFlags: Array.isArray(raw.riskFlags) ? raw.riskFlags : [],
    upstream: raw.upstream,
  };
}
