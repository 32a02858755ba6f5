import { HttpStatus, Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { AuditRepository } from '@minsheng/shared/audit';
import {
  type ConnectorInstanceRow,
  ConnectorInstancesRepository,
  type ConnectorRunRow,
  ConnectorStateConflict,
} from '@minsheng/shared/connectors-store';
import { ApiError } from '../common/api-error';
import { ConnectorCatalog } from './connector-catalog';
import { auditView } from './connector-views';

export const AUDIT_ENTITY = 'connector_instance';

export function notFound(id: string): never {
  throw new ApiError('not_found', `no connector instance ${JSON.stringify(id)}`, HttpStatus.NOT_FOUND);
}

/** A move the connector state machine refuses is the caller's conflict. */
export function asConflict(e: unknown): never {
  if (e instanceof ConnectorStateConflict) throw new ApiError('conflict', e.message, HttpStatus.CONFLICT);
  throw e;
}

/** The operator's view of the connectors repository: 404 for a missing instance, every change audited with it. */
@Injectable()
export class InstanceStore {
  constructor(
    readonly repo: ConnectorInstancesRepository,
    private readonly auditLog: AuditRepository,
    private readonly catalog: ConnectorCatalog,
  ) {}

  async find(id: string): Promise<ConnectorInstanceRow> {
    return (await this.repo.find(id)) ?? notFound(id);
  }

  async lastRun(id: string): Promise<ConnectorRunRow | undefined> {
    return (await this.repo.lastRuns([id])).get(id);
  }

  /**
   * Applies `change` to the locked row (it returns the new row, undefined for "nothing to do", null for "deleted") and
   * writes the audit entry with before and after (secrets masked) in the same transaction.
   */
  async mutate(
    id: string,
    actor: string,
    action: string,
    change: (
      tx: EntityManager,
      before: ConnectorInstanceRow,
    ) => Promise<ConnectorInstanceRow | undefined | null>,
  ): Promise<{ before: ConnectorInstanceRow; after: ConnectorInstanceRow; changed: boolean }> {
    return this.repo
      .transaction(async (tx) => {
        const before = (await this.repo.find(id, tx, true)) ?? notFound(id);
        const after = await change(tx, before);
        const secrets = this.catalog.entry(before.type).secrets;
        await this.auditLog.record(tx, {
          actor,
          action,
          entity: AUDIT_ENTITY,
          entityId: id,
          before: auditView(before, secrets),
          after: after === null ? null : auditView(after ?? before, secrets),
        });
        return { before, after: after ?? before, changed: after !== undefined };
      })
      .catch(asConflict);
  }
}
