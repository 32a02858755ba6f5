import { Module } from '@nestjs/common';
import { AttachmentsRepository } from '@minsheng/shared/attachments';
import { BLOB_STORE, blobStoreFromConfig } from '@minsheng/shared/blobs';
import { APP_CONFIG, type AppConfig } from '@minsheng/shared/runtime';
import { AttachmentLinksController, TicketAttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';
import { MediaLinks } from './media-links';

/** Stored attachments for consumers (decision 021): by key and scope, or by a short-lived signed link. */
@Module({
  controllers: [TicketAttachmentsController, AttachmentLinksController],
  providers: [
    AttachmentsRepository,
    {
      provide: BLOB_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => blobStoreFromConfig(config),
    },
    AttachmentsService,
    MediaLinks,
  ],
  exports: [MediaLinks],
})
export class AttachmentsModule {}
