import { appealTypeFromLabel } from '@minsheng/shared/contracts';
import { maskName } from '@minsheng/shared/pii';
import { type ItemDraft } from '@minsheng/connector-sdk';
import { type PeopleLiuyanBoard } from './people-liuyan.config';
import { type LiuyanDetail } from './people-liuyan.detail';
import { type LiuyanThread } from './people-liuyan.record';

/** On an item whose detail page could not be read: its content (and reply) may be the list's cut preview. */
export const DETAIL_UNAVAILABLE = 'detail_unavailable';

/** Unix seconds as Asia/Shanghai wall time with an explicit +08:00 offset (China has no DST). */
export function unixToShanghaiIso(seconds: number): string {
  return `${new Date((seconds + 8 * 3600) * 1000).toISOString().slice(0, 19)}+08:00`;
}

export function threadUrl(baseUrl: string, tid: number): string {
  return `${baseUrl.replace(/\/+$/, '')}/threads/content?tid=${tid}`;
}

/** How the detail page went for a thread that needed it; none for a thread whose list entry is complete. */
export type DetailOutcome = { detail: LiuyanDetail } | { failed: string } | undefined;

/**
 * The board is public, so the nickname is public too (still masked, as everywhere in the hub). `ip` is
 * deliberately not read: it stays in the raw capture only. Key order is fixed: the framework hashes the draft.
 * The detail page's full texts win over the list's previews; the list's reply time (exact) over the page's minute.
 */
export function mapThread(
  t: LiuyanThread,
  board: PeopleLiuyanBoard,
  baseUrl: string,
  outcome?: DetailOutcome,
): ItemDraft {
  const nick = t.nickName.trim();
  const detail = outcome && 'detail' in outcome ? outcome.detail : undefined;
  const reply = detail?.reply ?? t.answerContent.trim();
  return {
    externalUrl: threadUrl(baseUrl, t.tid),
    boardId: String(board.fid),
    submittedAt: unixToShanghaiIso(t.submitted),
    title: t.subject.trim() || undefined,
    content: detail?.content ?? t.content.trim(),
    appealType: appealTypeFromLabel(t.typeName),
    sourceTypeLabel: t.typeName.trim() || undefined,
    sourceDomainLabel: t.domainName.trim() || undefined,
    location: { precision: 'none', origin: 'none' },
    targetHint: { boardName: board.name },
    reporter: {
      nameMasked: nick ? maskName(nick) : undefined,
      anonymous: false,
      publicVisible: true,
    },
    attachments: detail?.attachments ?? [],
    engagement: { likes: Math.max(0, t.favNum) },
    riskFlags: outcome && 'failed' in outcome ? [DETAIL_UNAVAILABLE] : [],
    upstream: {
      status: t.stateInfo.trim() || undefined,
      reply: reply || undefined,
      repliedBy: t.answerOrganization.trim() || detail?.repliedBy || undefined,
      repliedAt: reply
        ? t.answerDateline !== undefined
          ? unixToShanghaiIso(t.answerDateline)
          : detail?.repliedAt
        : undefined,
    },
  };
}
