import { HttpStatus, Injectable } from '@nestjs/common';
import { MediaLinks } from '../attachments/media-links';
import { type Principal } from '../auth/principal';
import { Open311Error } from './open311-error';
import { Open311Repository } from './open311.repository';
import { ITEM_ID, type RequestsQuery } from './requests-query';
import { serviceRequestView, type ServiceRequestView } from './service-request.view';

/** One GeoReport v2 service type: a department of the catalogue. */
export interface ServiceView {
  service_code: string;
  service_name: string;
  description: string;
  metadata: false;
  type: 'realtime';
  keywords: string;
  group: string;
}

const GROUPS: Record<string, string> = {
  government: '政府部门',
  enterprise: '公共服务企业',
  township: '乡镇（街道）',
};

@Injectable()
export class Open311Service {
  constructor(
    private readonly store: Open311Repository,
    private readonly media: MediaLinks,
  ) {}

  async services(): Promise<ServiceView[]> {
    const rows = await this.store.departments();
    return rows.map((d) => ({
      service_code: d.code,
      service_name: d.name,
      description: d.scope,
      metadata: false,
      type: 'realtime',
      // The scope is a 、-separated list of matters: exactly the keywords a citizen would look for.
      keywords: d.scope
        .split(/[、，,；;]/)
        .map((k) => k.trim())
        .filter((k) => !!k)
        .join(','),
      group: GROUPS[d.kind] ?? d.kind,
    }));
  }

  /** Newest requested first; the caller's scope is ANDed into every form of the query. */
  async requests(q: RequestsQuery, caller: Principal): Promise<ServiceRequestView[]> {
    const rows = await this.store.requests(q, caller);
    const links = await this.media.forItems(rows.map((r) => r.item_id));
    return rows.map((r) => serviceRequestView(r, links.get(r.item_id) ?? []));
  }

  /** Out of scope answers exactly like missing, so a key cannot probe which ids exist elsewhere. */
  async request(id: string, caller: Principal): Promise<ServiceRequestView> {
    if (!ITEM_ID.test(id))
      throw new Open311Error(
        HttpStatus.BAD_REQUEST,
        'service_request_id must be ap_ followed by 32 hex digits',
      );
    const [found] = await this.requests({ kind: 'ids', ids: [id], publicOnly: false }, caller);
    if (!found) throw new Open311Error(HttpStatus.NOT_FOUND, `service request ${id} not found`);
    return found;
  }
}
