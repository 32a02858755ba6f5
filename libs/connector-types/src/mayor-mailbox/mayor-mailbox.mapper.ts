import { appealTypeFromLabel } from '@minsheng/shared/contracts';
import { maskName } from '@minsheng/shared/pii';
import { type ItemDraft } from '@minsheng/connector-sdk';
import { type LetterDetail, type ListRow } from './mayor-mailbox.parser';

export function mapLetter(letter: LetterDetail, row: ListRow, mailboxOwner: string): ItemDraft {
  const name = letter.name.trim();
  const anonymous = !name || name === '匿名' || name === '无';
  return {
    submittedAt: letter.receivedAt,
    title: letter.title ? letter.title.slice(0, 500) : undefined,
    content: letter.content,
    appealType: appealTypeFromLabel(letter.type),
    sourceTypeLabel: letter.type || undefined,
    // The mailbox has no address field; places are only in the text, for the router's geocoder.
    location: { precision: 'none', origin: 'none' },
    targetHint: { mailboxOwner },
    reporter: {
      nameMasked: anonymous ? undefined : maskName(name),
      anonymous,
      // The letter and its reply are published on the mailbox site.
      publicVisible: true,
    },
    attachments: letter.attachments,
    riskFlags: [],
    upstream: {
      status: row.status || undefined,
      reply: letter.reply?.text,
      repliedBy: letter.reply?.unit,
      repliedAt: letter.reply?.time,
    },
    externalUrl: row.detailUrl,
  };
}
