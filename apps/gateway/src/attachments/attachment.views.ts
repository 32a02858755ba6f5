import { z } from 'zod';
import { view } from '../common/api-views';

export const attachmentView = view(
  'Attachment',
  z.object({
    id: z.string().describe('at_ + 32 hex digits; stable per (ticket, upstream URL)'),
    kind: z
      .enum(['image', 'video', 'audio', 'document', 'other'])
      .describe('stored: the sniffed kind; else the hint'),
    status: z
      .enum(['pending', 'stored', 'refused', 'failed'])
      .describe(
        'pending: not fetched yet or waiting for a retry; refused: the content (type, size); failed: retries used up',
      ),
    mediaType: z.string().nullable().describe('from the first bytes, not from the channel'),
    size: z.number().int().nullable(),
    sha256: z.string().nullable(),
    reasonCode: z
      .string()
      .nullable()
      .describe('why it is not stored (yet): not_found, too_large, disguised_executable …'),
    reason: z.string().nullable(),
    attempts: z.number().int(),
    updatedAt: z.string(),
    href: z.string().nullable().describe('where a key in scope downloads it (stored only)'),
  }),
);

export const ticketAttachmentsView = view(
  'TicketAttachments',
  z.object({ ticketId: z.string(), attachments: z.array(attachmentView) }),
);

export type AttachmentView = z.infer<typeof attachmentView>;
