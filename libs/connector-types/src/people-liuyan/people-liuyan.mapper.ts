import { appealTypeFromLabel } from '@minsheng/shared/contracts';
import { maskName } from '@minsheng/shared/pii';
import { type ItemDraft } from '@minsheng/connector-sdk';
import { type PeopleLiuyanBoard } from './people-liuyan.config';
import { type LiuyanThread } from './people-liuyan.record';

/** Unix seconds as Asia/Shanghai wall time with an explicit +08:00 offset (China has no DST). */
export function unixToShanghaiIso(seconds: number): string {
  return `${new Date((seconds + 8 * 3600) * 1000).toISOString().slice(0, 19)}+08:00`;
}

export function threadUrl(baseUrl: string, tid: number): string {
  return `${baseUrl.replace(/\/+$/, '')}/threads/content?tid=${tid}`;
}

/**
 * The board is public, so the nickname is public too (still masked, as everywhere in the hub). `ip` is
 * deliberately not read: it stays in the raw capture only. Key order is fixed: the framework hashes the draft.
 */
export function mapThread(t: LiuyanThread, board: PeopleLiuyanBoard, baseUrl: string): ItemDraft {
  const nick = t.nickName.trim();
  return {
    externalUrl: threadUrl(baseUrl, t.tid),
    boardId: String(board.fid),
    submittedAt: unixToShanghaiIso(t.dateline),
    title: t.subject.trim() || undefined,
    content: t.content.trim(),
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
    attachments: [],
    engagement: { likes: Math.max(0, t.favNum) },
    riskFlags: [],
    upstream: {
      status: t.stateInfo.trim() || undefined,
      reply: t.answerContent.trim() || undefined,
      repliedBy: t.answerOrganization.trim() || undefined,
    },
  };
}
