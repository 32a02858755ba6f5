import { type DataSource } from 'typeorm';
import { type AuditRow } from '../audit/audit-log.controller';

/** The audit entries of some kinds of entity (optionally one of them), newest first. */
export async function auditTrail(
  db: DataSource,
  entities: string[],
  entityId: string | undefined,
  limit: number,
): Promise<AuditRow[]> {
  const rows = await db.query<
    {
      id: string;
      actor: string;
      action: string;
      entity: string;
      entity_id: string;
      before: unknown;
      after: unknown;
      at: Date;
    }[]
  >(
    `SELECT id, actor, action, entity, entity_id, before, after, at FROM audit_log
     WHERE entity = ANY($1) AND ($2::text IS NULL OR entity_id = $2) ORDER BY id DESC LIMIT $3`,
    [entities, entityId ?? null, limit],
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
