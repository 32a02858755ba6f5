import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { DATA_SOURCE } from '@minsheng/shared/runtime';
import { type Principal } from '../auth/principal';
import { scopeFilter } from '../auth/scope-sql';
import { Open311Error } from './open311-error';
import { ITEM_ID, MAX_RESULTS, type RequestsQuery } from './requests-query';
import { type HeadRow, serviceRequestView, type ServiceRequestView } from './service-request.view';

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

/** The head and the decision it points at: the decision's primary key is (item, item revision, decision revision). */
const SELECT_HEADS = `SELECT h.item_id, h.status, dep.name AS department_name, h.county_code, h.town_code,
    h.village_code, h.due_at, h.submitted_at, h.updated_at, d.ticket
  FROM ticket_heads h
  JOIN routing_decisions d ON d.item_id = h.item_id AND d.item_revision = h.item_revision
    AND d.decision_revision = h.decision_revision
  LEFT JOIN departments dep ON dep.code = h.lead_department`;

@Injectable()
export class Open311Service {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async services(): Promise<ServiceView[]> {
    const rows = await this.db.query<{ code: string; name: string; kind: string; scope: string }[]>(
      `SELECT code, name, kind, scope FROM departments ORDER BY code`,
    );
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
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (v: unknown) => `$${params.push(v)}`;
    if (q.kind === 'ids') where.push(`h.item_id = ANY(${param(q.ids)}::text[])`);
    else {
      where.push(`h.submitted_at >= ${param(q.start)} AND h.submitted_at <= ${param(q.end)}`);
      if (q.serviceCodes) where.push(`h.lead_department = ANY(${param(q.serviceCodes)}::text[])`);
      if (q.statuses?.length === 1)
        where.push(q.statuses[0] === 'closed' ? `h.status = 'closed'` : `h.status <> 'closed'`);
    }
    const scope = scopeFilter(caller, params.length + 1);
    params.push(...scope.params);
    where.push(scope.sql);
    const rows = await this.db.query<HeadRow[]>(
      `${SELECT_HEADS} WHERE ${where.join(' AND ')}
       ORDER BY h.submitted_at DESC, h.item_id DESC LIMIT ${MAX_RESULTS}`,
      params,
    );
    return rows.map(serviceRequestView);
  }

  /** Out of scope answers exactly like missing, so a key cannot probe which ids exist elsewhere. */
  async request(id: string, caller: Principal): Promise<ServiceRequestView> {
    if (!ITEM_ID.test(id))
      throw new Open311Error(
        HttpStatus.BAD_REQUEST,
        'service_request_id must be ap_ followed by 32 hex digits',
      );
    const [found] = await this.requests({ kind: 'ids', ids: [id] }, caller);
    if (!found) throw new Open311Error(HttpStatus.NOT_FOUND, `service request ${id} not found`);
    return found;
  }
}
