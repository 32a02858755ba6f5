import { Inject, Injectable } from '@nestjs/common';
import { AttachmentsRepository } from '@minsheng/shared/attachments';
import { gatewayBaseUrl, signAttachmentLink } from '@minsheng/shared/blobs';
import { APP_CONFIG, type AppConfig } from '@minsheng/shared/runtime';

/** A stored attachment as a receiver without a key gets it: a link that opens it until it expires. */
export interface MediaLink {
  id: string;
  kind: string;
  mediaType: string;
  url: string;
  expiresAt: string;
}

/** Signed links to the stored attachments of items, for webhook bodies and Open311 media_url (decision 021). */
@Injectable()
export class MediaLinks {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: AttachmentsRepository,
  ) {}

  async forItems(itemIds: readonly string[], now = Date.now()): Promise<Map<string, MediaLink[]>> {
    const out = new Map<string, MediaLink[]>();
    const ttl = this.config.ATTACHMENT_LINK_TTL_S;
    const base = gatewayBaseUrl(this.config);
    for (const r of await this.repo.listForItems(itemIds)) {
      if (r.status !== 'stored' || !r.media_type) continue;
      const link: MediaLink = {
        id: r.id,
        kind: r.kind_hint,
        mediaType: r.media_type,
        url: signAttachmentLink(base, r.id, this.config.ATTACHMENT_LINK_KEY, ttl, now),
        expiresAt: new Date((Math.floor(now / 1000) + ttl) * 1000).toISOString(),
      };
      out.set(r.item_id, [...(out.get(r.item_id) ?? []), link]);
    }
    return out;
  }
}
