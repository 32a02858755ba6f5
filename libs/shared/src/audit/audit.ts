import { type EntityManager } from 'typeorm';

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** Every admin change leaves who, when, what, before and after — written in the same transaction as the change. */
export async function audit(tx: EntityManager, e: AuditEntry): Promise<void> {
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
