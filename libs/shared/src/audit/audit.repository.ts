import { Inject, Injectable } from '@nestjs/common';
import { type DataSource, type EntityManager } from 'typeorm';
import { DATA_SOURCE } from '../runtime/tokens';

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** An audit entry as the API answers it: what was recorded, with its id (the paging key) and time. */
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

/**
 * The one writer of audit_log. Every admin change leaves who, when, what, before and after — written in the same
 * transaction as the change (`tx`), or on its own for the gateway's generic entry after a request.
 */
export async function audit(tx: EntityManager | DataSource, e: AuditEntry): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (actor, action, entity, entity_id, before, after) VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      e.actor,
      e.action,
      e.entity,
      e.entityId,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
    ],
  );
}

/** audit_log: entries are recorded (see `audit`) and read, never changed. */
@Injectable()
export class AuditRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  record(tx: EntityManager | undefined, e: AuditEntry): Promise<void> {
    return audit(tx ?? this.db, e);
  }

  /** Entries matching the filter, newest first. */
  async find(f: AuditFilter): Promise<AuditRow[]> {
    const rows = await this.db.query<(Omit<AuditRow, 'entityId' | 'at'> & { entity_id: string; at: Date })[]>(
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
}
