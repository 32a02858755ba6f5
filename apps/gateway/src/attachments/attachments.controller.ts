import { Controller, Get, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import { z } from 'zod';
import { Caller } from '../auth/caller.decorator';
import { type Principal } from '../auth/principal';
import { Public, Roles } from '../auth/roles.decorator';
import { ApiView } from '../common/api-views';
import { ZodParam, ZodQuery } from '../common/zod-params';
import { ticketAttachmentsView } from './attachment.views';
import { type AttachmentBytes, AttachmentsService } from './attachments.service';

const ticketIdSchema = z
  .string()
  .regex(/^ap_[0-9a-f]{32}$/, 'ticket id must be ap_ followed by 32 hex digits');
const attachmentIdSchema = z
  .string()
  .regex(/^at_[0-9a-f]{32}$/, 'attachment id must be at_ followed by 32 hex digits');
const linkQuerySchema = z.object({
  expires: z.coerce.number().int().positive().describe('Unix seconds after which the link is refused'),
  signature: z.string().max(128).describe('HMAC-SHA256 over the path and the expiry'),
});

/** The blob's own bytes and type, never rendered by a browser as a page (nosniff, attachment). */
function send(res: Response, a: AttachmentBytes): StreamableFile {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, max-age=300');
  res.setHeader('ETag', `"${a.sha256}"`);
  return new StreamableFile(a.body, {
    type: a.mediaType,
    length: a.body.length,
    disposition: `attachment; filename="${a.id}"`,
  });
}

const BINARY = {
  status: 200,
  description: 'the stored bytes, with their sniffed Content-Type',
  content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
};

@ApiTags('tickets')
@Roles('consumer', 'admin')
@Controller('api/v1/tickets/:id/attachments')
export class TicketAttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Get()
  @ApiOperation({
    summary:
      "A ticket's attachments and the state of their capture (stored, pending a retry, refused or failed, with the reason)",
  })
  @ApiView(ticketAttachmentsView)
  list(
    @ZodParam('id', ticketIdSchema) id: string,
    @Caller() caller: Principal,
  ): Promise<z.infer<typeof ticketAttachmentsView>> {
    return this.attachments.list(id, caller);
  }

  @Get(':attachmentId')
  @ApiOperation({ summary: 'Download one stored attachment of a ticket in the key’s scope (404 outside it)' })
  @ApiProduces('application/octet-stream')
  @ApiResponse(BINARY)
  async download(
    @ZodParam('id', ticketIdSchema) id: string,
    @ZodParam('attachmentId', attachmentIdSchema) attachmentId: string,
    @Caller() caller: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return send(res, await this.attachments.download(id, attachmentId, caller));
  }
}

@ApiTags('tickets')
@Public()
@Controller('api/v1/attachment-links')
export class AttachmentLinksController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Get(':attachmentId')
  @ApiOperation({
    summary:
      'Download an attachment by a short-lived signed link (webhooks, Open311 media_url); 403 bad_signature, 410 link_expired',
  })
  @ApiProduces('application/octet-stream')
  @ApiResponse(BINARY)
  async download(
    @ZodParam('attachmentId', attachmentIdSchema) attachmentId: string,
    @ZodQuery(linkQuerySchema) q: z.infer<typeof linkQuerySchema>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return send(res, await this.attachments.byLink(attachmentId, q.expires, q.signature));
  }
}
