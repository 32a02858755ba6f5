import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { type AttachmentRow, AttachmentsRepository } from '@minsheng/shared/attachments';
import { BLOB_STORE, type BlobStore, checkAttachmentLink } from '@minsheng/shared/blobs';
import { APP_CONFIG, type AppConfig, DATA_SOURCE } from '@minsheng/shared/runtime';
import { type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { checkTicketId, headInScope, ticketNotFound } from '../tickets/ticket-list';
import { type AttachmentView } from './attachment.views';

export interface AttachmentBytes {
  id: string;
  mediaType: string;
  sha256: string;
  body: Buffer;
}

function viewOf(ticketId: string, r: AttachmentRow): AttachmentView {
  return {
    id: r.id,
    kind: r.kind_hint as AttachmentView['kind'],
    status: r.status,
    mediaType: r.media_type,
    size: r.size === null ? null : Number(r.size),
    sha256: r.sha256,
    reasonCode: r.reason_code,
    reason: r.reason,
    attempts: r.attempts,
    updatedAt: new Date(r.updated_at).toISOString(),
    href: r.status === 'stored' ? `/api/v1/tickets/${ticketId}/attachments/${r.id}` : null,
  };
}

const attachmentNotFound = (id: string) =>
  new ApiError('not_found', `no attachment ${id} on this ticket`, HttpStatus.NOT_FOUND);

/**
 * Attachments as consumers see them: only of a ticket their key may see (out of scope answers like missing), the
 * bytes from the blob store, never the upstream URL (it may carry a channel's session).
 */
@Injectable()
export class AttachmentsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: AttachmentsRepository,
  ) {}

  async list(
    ticketId: string,
    caller: Principal,
  ): Promise<{ ticketId: string; attachments: AttachmentView[] }> {
    await this.inScope(ticketId, caller);
    const rows = await this.repo.listForItems([ticketId]);
    return { ticketId, attachments: rows.map((r) => viewOf(ticketId, r)) };
  }

  async download(ticketId: string, attachmentId: string, caller: Principal): Promise<AttachmentBytes> {
    await this.inScope(ticketId, caller);
    const row = await this.repo.findById(attachmentId);
    if (!row || row.item_id !== ticketId) throw attachmentNotFound(attachmentId);
    return this.bytesOf(row);
  }

  /** A signed link (webhooks, Open311 media_url): the signature stands in for the key, for one attachment. */
  async byLink(attachmentId: string, expires: number, signature: string): Promise<AttachmentBytes> {
    const check = checkAttachmentLink(attachmentId, expires, signature, this.config.ATTACHMENT_LINK_KEY);
    if (check === 'bad_signature')
      throw new ApiError('bad_signature', 'the link is not signed by this hub', HttpStatus.FORBIDDEN);
    if (check === 'expired')
      throw new ApiError('link_expired', 'the link has expired; ask for the ticket again', HttpStatus.GONE);
    const row = await this.repo.findById(attachmentId);
    if (!row) throw attachmentNotFound(attachmentId);
    return this.bytesOf(row);
  }

  private async inScope(ticketId: string, caller: Principal): Promise<void> {
    checkTicketId(ticketId);
    if (!(await headInScope(this.db, caller, ticketId))) throw ticketNotFound(ticketId);
  }

  private async bytesOf(row: AttachmentRow): Promise<AttachmentBytes> {
    if (row.status !== 'stored' || !row.sha256 || !row.media_type)
      throw new ApiError(
        'attachment_not_stored',
        `attachment ${row.id} is ${row.status}${row.reason_code ? ` (${row.reason_code})` : ''}`,
        HttpStatus.CONFLICT,
      );
    const body = await this.store.get(row.sha256);
    if (!body)
      throw new ApiError(
        'blob_missing',
        `the blob of attachment ${row.id} is missing`,
        HttpStatus.INTERNAL_SERVER_ERROR,
      );
    return { id: row.id, mediaType: row.media_type, sha256: row.sha256, body };
  }
}
