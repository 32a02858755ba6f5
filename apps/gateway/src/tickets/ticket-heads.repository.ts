import { HttpStatus } from '@nestjs/common';
import { type DataSource, type EntityManager } from 'typeorm';
import { publishedTicket, type RoutedTicketV1 } from '@minsheng/shared/contracts';
import { type TicketStatus } from '@minsheng/shared/db';
import { type Principal } from '../auth/principal';
import { scopeFilter } from '../auth/scope-sql';
import { ApiError } from '../common/api-error';
import { type TicketFilters, type TicketPage, type TicketSummary } from './ticket-list';

/* ticket_heads as the API lists them: keyset pages in the caller's scope (the router writes the heads). */

export interface HeadRow {
  item_id: string;
  item_revision: number;
  decision_revision: number;
  status: TicketStatus;
  mode: 'auto' | 'triage';
  reason: string | null;
  channel: string;
  county_code: string | null;
  town_code: string | null;
  village_code: string | null;
  lead_department: string | null;
  departments: string[];
  grade: string;
  due_at: Date | null;
  received_at: Date;
  updated_at: Date;
  /** received_at to the microsecond, as text: a JS Date would round it and the next page could skip or repeat. */
  received_key: string;
  ticket: RoutedTicketV1;
}

/** Opaque to callers: the position (received_at, item_id) of the last ticket of a page, in the page's order. */
function encodeCursor(receivedKey: string, itemId: string): string {
  return Buffer.from(JSON.stringify([receivedKey, itemId]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(v[0]) &&
      typeof v[1] === 'string' &&
      /^ap_[0-9a-f]{32}$/.test(v[1])
    )
      return [v[0], v[1]];
  } catch {
    // answered below
  }
  throw new ApiError('invalid_request', 'cursor: not a cursor this API issued', HttpStatus.BAD_REQUEST);
}

export function summaryOf(r: HeadRow): TicketSummary {
  return {
    id: r.item_id,
    revision: r.item_revision,
    decisionRevision: r.decision_revision,
    status: r.status,
    mode: r.mode,
    reason: r.reason,
    channel: r.channel,
    jurisdiction: { county: r.county_code, town: r.town_code, village: r.village_code },
    leadDepartment: r.lead_department,
    departments: r.departments,
    grade: r.grade,
    dueAt: r.due_at ? new Date(r.due_at).toISOString() : null,
    receivedAt: new Date(r.received_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    // Consumers never get the phone hash, also not from a decision stored before the router dropped it.
    ticket: publishedTicket(r.ticket),
  };
}

const HEAD_COLUMNS = `h.item_id, h.item_revision, h.decision_revision, h.status, h.mode, h.reason, h.channel,
  h.county_code, h.town_code, h.village_code, h.lead_department, h.departments, h.grade, h.due_at, h.received_at,
  h.updated_at, to_char(h.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS received_key, d.ticket`;
/** The current decision's body: a primary-key lookup per head. */
const HEAD_JOIN = `FROM ticket_heads h JOIN routing_decisions d ON d.item_id = h.item_id
  AND d.item_revision = h.item_revision AND d.decision_revision = h.decision_revision`;

/**
 * A page of ticket heads in a stable order — (received_at, item_id), newest first unless `order` is 'asc' — with
 * keyset paging: each page starts strictly after the cursor's position, so paging never skips or repeats a ticket
 * and costs the same on page 1 and page 1000. Only the filters given become conditions (each on an indexed column
 * of ticket_heads), and the caller's scope is always ANDed in.
 */
export async function listTickets(
  db: DataSource,
  caller: Principal,
  f: TicketFilters,
  order: 'asc' | 'desc' = 'desc',
): Promise<TicketPage> {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (f.county) where.push(`h.county_code = ${p(f.county)}`);
  if (f.town) where.push(`h.town_code = ${p(f.town)}`);
  if (f.village) where.push(`h.village_code = ${p(f.village)}`);
  if (f.department) where.push(`h.departments @> ARRAY[${p(f.department)}::text]`);
  if (f.grade) where.push(`h.grade = ANY(${p(f.grade)}::text[])`);
  if (f.channel) where.push(`h.channel = ${p(f.channel)}`);
  if (f.status) where.push(`h.status = ANY(${p(f.status)}::text[])`);
  if (f.reason) where.push(`h.reason = ANY(${p(f.reason)}::text[])`);
  if (f.receivedFrom) where.push(`h.received_at >= ${p(f.receivedFrom)}::timestamptz`);
  if (f.receivedTo) where.push(`h.received_at < ${p(f.receivedTo)}::timestamptz`);
  if (f.updatedSince) where.push(`h.updated_at >= ${p(f.updatedSince)}::timestamptz`);
  if (f.reopened) where.push(`h.reopen_count > 0`);
  if (f.followUpRate !== undefined)
    where.push(
      `h.status = 'closed' AND ${followUpSample('h.item_id')} < ${p(f.followUpRate)}::float8
       AND NOT EXISTS (SELECT 1 FROM ticket_ratings r WHERE r.item_id = h.item_id
         AND r.decision_revision = h.decision_revision)`,
    );
  if (f.cursor) {
    const [at, id] = decodeCursor(f.cursor);
    where.push(
      `(h.received_at, h.item_id) ${order === 'desc' ? '<' : '>'} (${p(at)}::timestamptz, ${p(id)}::text)`,
    );
  }
  const scope = scopeFilter(caller, params.length + 1);
  params.push(...scope.params);
  where.push(scope.sql);
  const dir = order === 'desc' ? 'DESC' : 'ASC';
  const rows = await db.query<HeadRow[]>(
    `SELECT ${HEAD_COLUMNS} ${HEAD_JOIN} WHERE ${where.join(' AND ')}
     ORDER BY h.received_at ${dir}, h.item_id ${dir} LIMIT ${p(f.limit + 1)}`,
    params,
  );
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    tickets: page.map(summaryOf),
    nextCursor: rows.length > f.limit && last ? encodeCursor(last.received_key, last.item_id) : null,
  };
}

/**
 * 回访 sampling: a ticket's place in [0, 1) from the first 32 bits of the md5 of its id — the same ticket is always in
 * or out of the call list, and every unit's closed tickets are sampled at the same rate (decision 034).
 */
export function followUpSample(itemIdColumn: string): string {
  return `(('x' || substr(md5(${itemIdColumn}), 1, 8))::bit(32)::bigint / 4294967296.0)`;
}

/** One head with its current decision, if it is inside the caller's scope (else undefined, as if missing). */
export async function headInScope(
  db: Pick<EntityManager, 'query'>,
  caller: Principal,
  id: string,
): Promise<TicketSummary | undefined> {
  const scope = scopeFilter(caller, 2);
  const rows = await db.query<HeadRow[]>(
    `SELECT ${HEAD_COLUMNS} ${HEAD_JOIN} WHERE h.item_id = $1 AND ${scope.sql}`,
    [id, ...scope.params],
  );
  return rows[0] && summaryOf(rows[0]);
}
