import { type DataSource } from 'typeorm';
import { type AuditEntry } from '@minsheng/shared/audit';

/** An audit entry as the API answers it: what `audit()` wrote, with its id (the paging key) and time. */
export interface AuditRow extends AuditEntry {
  id: string;
  at: string;
}

/** Every condition is optional; the ones given AND together. */
export interface AuditFilter {
  /** Any of these kinds of entity. */
  entities?: string[];
  entityId?: string;
  actor?: string;
  since?: string;
  until?: string;
  /** Only entries older than this id: the `nextCursor` of the previous page. */
  beforeId?: number;
  limit: number;
}

/** The one reader of audit_log: entries matching the filter, newest first. */
export async function queryAudit(db: DataSource, f: AuditFilter): Promise<AuditRow[]> {
  const rows = await db.query<(Omit<AuditRow, 'entityId' | 'at'> & { entity_id: string; at: Date })[]>(
    `SELECT id, actor, action, entity, entity_id, before, after, at FROM audit_log
     WHERE ($1::text[] IS NULL OR entity = ANY($1)) AND ($2::text IS NULL OR entity_id = $2)
       AND ($3::text IS NULL OR actor = $3) AND ($4::timestamptz IS NULL OR at >= $4)
       AND ($5::timestamptz IS NULL OR at < $5) AND ($6::bigint IS NULL OR id < $6)
     ORDER BY id DESC LIMIT $7`,
    [
      f.entities ?? null,
      f.entityId ?? null,
      f.actor ?? null,
      f.since ?? null,
      f.until ?? null,
      f.beforeId ?? null,
      f.limit,
    ],
  );
  return rows.map((r) => ({
    id: String(r.id),
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
    at: new Date(r.at).toISOString(),
  }));
}
