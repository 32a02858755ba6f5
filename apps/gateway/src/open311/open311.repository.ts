import { Inject, Injectable } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { DATA_SOURCE } from '@minsheng/shared/runtime';
import { type Principal } from '../auth/principal';
import { scopeFilter } from '../auth/scope-sql';
import { MAX_RESULTS, type RequestsQuery } from './requests-query';
import { type HeadRow } from './service-request.view';

/** The head and the decision it points at: the decision's primary key is (item, item revision, decision revision). */
const SELECT_HEADS = `SELECT h.item_id, h.status, dep.name AS department_name, h.county_code, h.town_code,
    h.village_code, h.due_at, h.submitted_at, h.updated_at, d.ticket, reply.reason AS closing_reply
  FROM ticket_heads h
  JOIN routing_decisions d ON d.item_id = h.item_id AND d.item_revision = h.item_revision
    AND d.decision_revision = h.decision_revision
  LEFT JOIN departments dep ON dep.code = h.lead_department
  LEFT JOIN LATERAL (SELECT f.reason FROM feedback_events f
    WHERE f.item_id = h.item_id AND f.decision_revision = h.decision_revision AND f.kind = 'closed'
    ORDER BY f.at DESC LIMIT 1) reply ON h.status = 'closed'`;

/** What Open311 reads: the department catalogue as services, ticket heads as service requests. */
@Injectable()
export class Open311Repository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  departments(): Promise<{ code: string; name: string; kind: string; scope: string }[]> {
    return this.db.query(`SELECT code, name, kind, scope FROM departments ORDER BY code`);
  }

  /** Newest requested first; the caller's scope is ANDed into every form of the query. */
  async requests(q: RequestsQuery, caller: Principal): Promise<HeadRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (v: unknown) => `$${params.push(v)}`;
    if (q.publicOnly) where.push(`(d.ticket->'item'->'reporter'->>'publicVisible')::boolean`);
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
    return rows;
  }
}
