import { ConnectorError } from '@minsheng/connector-sdk';
import { type AttachmentKind, type Sniffed } from '@minsheng/shared/attachments';

export type AttachmentLimits = Record<AttachmentKind, number>;

/** Why an attachment was not stored, and whether fetching it again could change that. */
export interface Refusal {
  code: string;
  reason: string;
  /** The content itself is unacceptable: fetching it again would not help. */
  permanent: boolean;
}

function extensionOf(url: string): string | null {
  try {
    const m = /\.([a-z0-9]{1,5})$/i.exec(new URL(url).pathname);
    return m ? m[1].toLowerCase() : null;
  } catch {
    return null;
  }
}

/** A fetch that threw: the fetcher's classification where it has one, the error's own name otherwise. */
export function fetchRefusal(e: unknown): Refusal {
  const message = e instanceof Error ? e.message : String(e);
  if (/maxContentLength|content length.*exceed/i.test(message))
    return {
      code: 'too_large',
      reason: `the body exceeds the fetcher's size limit: ${message}`,
      permanent: true,
    };
  if (e instanceof ConnectorError) return { code: e.kind, reason: message, permanent: false };
  // The egress policy and anything unexpected: named, kept, retried (a policy may be relaxed meanwhile).
  return { code: snakeName(e), reason: message, permanent: false };
}

/** EgressRefusedError → egress_refused; a plain Error → fetch_failed. */
function snakeName(e: unknown): string {
  const name = e instanceof Error ? e.name : '';
  if (!name || name === 'Error') return 'fetch_failed';
  return name
    .replace(/Error$/, '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** The sniffed type against what may be stored: a disguised executable and an oversized file are refused. */
export function contentRefusal(
  url: string,
  sniffed: Sniffed,
  size: number,
  limits: AttachmentLimits,
): Refusal | null {
  if (!sniffed.ok) {
    const ext = extensionOf(url);
    const named = ext ? ` named .${ext}` : '';
    return {
      code: sniffed.code === 'executable' ? 'disguised_executable' : 'unsupported_type',
      reason: `content is ${sniffed.detail}${named}`,
      permanent: true,
    };
  }
  const limit = limits[sniffed.kind];
  if (size > limit)
    return {
      code: 'too_large',
      reason: `${sniffed.mediaType} of ${size} bytes exceeds the ${sniffed.kind} limit of ${limit} bytes`,
      permanent: true,
    };
  return null;
}
