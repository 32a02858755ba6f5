import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type DataSource, type EntityManager } from 'typeorm';
import { audit } from '@minsheng/shared/audit';
import { DATA_SOURCE } from '@minsheng/shared/runtime';
import { ApiError } from '../common/api-error';
import { ConnectorCatalog } from './connector-catalog';
import { auditView, type InstanceRow, type RunRow } from './connector-views';

export const AUDIT_ENTITY = 'connector_instance';

/** Reads connector instances, and changes one at a time under a row lock with its audit entry in the same transaction. */
@Injectable()
export class InstanceStore {
  constructor(
    @Inject(DATA_SOURCE) readonly db: DataSource,
    private readonly catalog: ConnectorCatalog,
  ) {}

  async find(id: string, tx: EntityManager | DataSource = this.db, lock = false): Promise<InstanceRow> {
    const [row] = await tx.query<InstanceRow[]>(
      `SELECT * FROM connector_instances WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    if (!row)
      throw new ApiError('not_found', `no connector instance ${JSON.stringify(id)}`, HttpStatus.NOT_FOUND);
    return row;
  }

  async lastRuns(ids: string[]): Promise<Map<string, RunRow>> {
    if (!ids.length) return new Map();
    const rows = await this.db.query<(RunRow & { connector_id: string })[]>(
      `SELECT DISTINCT ON (connector_id) * FROM connector_runs WHERE connector_id = ANY($1::text[])
       ORDER BY connector_id, started_at DESC, id DESC`,
      [ids],
    );
    return new Map(rows.map((r) => [r.connector_id, r]));
  }

  /**
   * Applies `change` to the locked row (it returns the new row, undefined for "nothing to do", null for "deleted") and
   * writes the audit
   * entry with before and after (secrets masked). The version is bumped by every change, which is what makes the
   * connectors' scheduler reschedule the instance without a restart.
   */
  async mutate(
    id: string,
    actor: string,
    action: string,
    change: (tx: EntityManager, before: InstanceRow) => Promise<InstanceRow | undefined | null>,
  ): Promise<{ before: InstanceRow; after: InstanceRow; changed: boolean }> {
    return this.db.transaction(async (tx) => {
      const before = await this.find(id, tx, true);
      const after = await change(tx, before);
      const secrets = this.catalog.entry(before.type).secrets;
      await audit(tx, {
        actor,
        action,
        entity: AUDIT_ENTITY,
        entityId: id,
        before: auditView(before, secrets),
        after: after === null ? null : auditView(after ?? before, secrets),
      });
      return { before, after: after ?? before, changed: after !== undefined };
    });
  }

  /** UPDATE … RETURNING * with version and updated_at bumped; `set` is the SQL SET list over $2… */
  static async update(
    tx: EntityManager,
    id: string,
    set: string,
    params: unknown[] = [],
  ): Promise<InstanceRow> {
    const [rows] = await tx.query<[InstanceRow[], number]>(
      `UPDATE connector_instances SET ${set}, version = version + 1, updated_at = now() WHERE id = $1 RETURNING *`,
      [id, ...params],
    );
    return rows[0];
  }
}
