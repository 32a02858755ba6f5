import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type DataSource, type EntityManager } from 'typeorm';
import { audit } from '@minsheng/shared/audit';
import { DATA_SOURCE } from '@minsheng/shared/runtime';
import { CITY_CODE } from '@minsheng/routing';
import { ApiError } from '../common/api-error';

export interface AliasRow {
  alias: string;
  code: string;
  division: string;
  note: string | null;
  updatedAt: string;
}
export interface HintRow {
  channel: string;
  kind: 'board' | 'mailbox' | 'dept';
  value: string;
  code: string;
  division: string;
  updatedAt: string;
}
export interface DepartmentRow {
  code: string;
  name: string;
  kind: string;
  levels: string[];
  scope: string;
}
export interface UnitRow {
  department: string;
  division: string;
  unitName: string;
  updatedAt: string;
}
export interface HintKey {
  channel: string;
  kind: HintRow['kind'];
  value: string;
}
export interface Change<T> {
  before: T | null;
  after: T | null;
}

const ALIAS_SELECT = `SELECT a.alias, a.code, d.name AS division, a.note, a.updated_at AS "updatedAt"
  FROM jurisdiction_aliases a JOIN divisions d ON d.code = a.code`;
const HINT_SELECT = `SELECT h.channel, h.kind, h.value, h.code, d.name AS division, h.updated_at AS "updatedAt"
  FROM channel_hints h JOIN divisions d ON d.code = h.code`;
const UNIT_SELECT = `SELECT department_code AS department, division_code AS division, unit_name AS "unitName",
  updated_at AS "updatedAt" FROM units`;
const DEPARTMENT_SELECT = `SELECT code, name, kind, levels, scope FROM departments`;

/**
 * The reference data routing reads, as admins maintain it. Every change is one transaction that checks the codes it
 * points to, writes the row and an audit entry with before and after; routers notice through the
 * reference_data_version trigger and reload within RULES_RELOAD_MS.
 */
@Injectable()
export class ReferenceAdminService {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  // ---- jurisdiction aliases / POIs

  async aliases(q: { search?: string; code?: string; limit: number }): Promise<AliasRow[]> {
    const rows = await this.db.query<AliasRow[]>(
      `${ALIAS_SELECT} WHERE ($1::text IS NULL OR strpos(a.alias, $1) > 0) AND ($2::text IS NULL OR a.code = $2)
       ORDER BY a.alias LIMIT $3`,
      [q.search ?? null, q.code ?? null, q.limit],
    );
    return rows.map(normalise);
  }

  putAlias(alias: string, spec: { code: string; note?: string }, actor: string): Promise<Change<AliasRow>> {
    const select = { sql: `${ALIAS_SELECT} WHERE a.alias = $1`, params: [alias] };
    return this.change(actor, 'jurisdiction_alias', alias, select, async (tx) => {
      await this.requireDivision(tx, spec.code, 'code');
      await tx.query(
        `INSERT INTO jurisdiction_aliases (alias, code, note) VALUES ($1, $2, $3)
         ON CONFLICT (alias) DO UPDATE SET code = EXCLUDED.code, note = EXCLUDED.note, updated_at = now()`,
        [alias, spec.code, spec.note ?? null],
      );
    });
  }

  deleteAlias(alias: string, actor: string): Promise<Change<AliasRow>> {
    return this.remove(
      actor,
      'jurisdiction_alias',
      alias,
      `${ALIAS_SELECT} WHERE a.alias = $1`,
      [alias],
      (tx) => tx.query(`DELETE FROM jurisdiction_aliases WHERE alias = $1`, [alias]),
    );
  }

  // ---- channel hints: board / mailbox / department account → division

  async hints(q: { channel?: string }): Promise<HintRow[]> {
    const rows = await this.db.query<HintRow[]>(
      `${HINT_SELECT} WHERE ($1::text IS NULL OR h.channel = $1) ORDER BY h.channel, h.kind, h.value`,
      [q.channel ?? null],
    );
    return rows.map(normalise);
  }

  putHint(key: HintKey, code: string, actor: string): Promise<Change<HintRow>> {
    const params = [key.channel, key.kind, key.value];
    const select = { sql: `${HINT_SELECT} WHERE h.channel = $1 AND h.kind = $2 AND h.value = $3`, params };
    return this.change(actor, 'channel_hint', params.join('/'), select, async (tx) => {
      await this.requireDivision(tx, code, 'code');
      await tx.query(
        `INSERT INTO channel_hints (channel, kind, value, code) VALUES ($1, $2, $3, $4)
         ON CONFLICT (channel, kind, value) DO UPDATE SET code = EXCLUDED.code, updated_at = now()`,
        [...params, code],
      );
    });
  }

  deleteHint(key: HintKey, actor: string): Promise<Change<HintRow>> {
    const params = [key.channel, key.kind, key.value];
    return this.remove(
      actor,
      'channel_hint',
      params.join('/'),
      `${HINT_SELECT} WHERE h.channel = $1 AND h.kind = $2 AND h.value = $3`,
      params,
      (tx) => tx.query(`DELETE FROM channel_hints WHERE channel = $1 AND kind = $2 AND value = $3`, params),
    );
  }

  // ---- department catalogue

  departments(): Promise<DepartmentRow[]> {
    return this.db.query<DepartmentRow[]>(`${DEPARTMENT_SELECT} ORDER BY code`);
  }

  putDepartment(
    code: string,
    spec: Omit<DepartmentRow, 'code'>,
    actor: string,
  ): Promise<Change<DepartmentRow>> {
    const select = { sql: `${DEPARTMENT_SELECT} WHERE code = $1`, params: [code] };
    return this.change(actor, 'department', code, select, async (tx) => {
      await tx.query(
        `INSERT INTO departments (code, name, kind, levels, scope) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, levels = EXCLUDED.levels,
           scope = EXCLUDED.scope`,
        [code, spec.name, spec.kind, spec.levels, spec.scope],
      );
    });
  }

  /**
   * Refused while units name the department or the published rule set does (routers would refuse that rule set).
   * The row lock makes a concurrent publish, which share-locks the catalogue, see the department gone or wait.
   */
  deleteDepartment(code: string, actor: string): Promise<Change<DepartmentRow>> {
    return this.remove(
      actor,
      'department',
      code,
      `${DEPARTMENT_SELECT} WHERE code = $1`,
      [code],
      async (tx) => {
        const [{ units, published }] = await tx.query<{ units: string; published: number | null }[]>(
          `SELECT (SELECT count(*) FROM units WHERE department_code = $1) AS units,
                (SELECT version FROM rule_sets WHERE status = 'published' AND (
                   jsonb_path_exists(document, '$.rules[*].then.lead ? (@.department == $d)', jsonb_build_object('d', $1::text))
                   OR jsonb_path_exists(document, '$.rules[*].then.co[*] ? (@.department == $d)', jsonb_build_object('d', $1::text))
                 )) AS published`,
          [code],
        );
        if (Number(units) > 0)
          throw new ApiError(
            'in_use',
            `department ${code} still has ${units} unit name(s); delete them first`,
            HttpStatus.CONFLICT,
          );
        if (published !== null)
          throw new ApiError(
            'in_use',
            `the published rule set (version ${published}) names department ${code}; publish one without it first`,
            HttpStatus.CONFLICT,
          );
        await tx.query(`DELETE FROM departments WHERE code = $1`, [code]);
      },
    );
  }

  // ---- unit names per department and division

  async units(q: { department?: string }): Promise<UnitRow[]> {
    const rows = await this.db.query<UnitRow[]>(
      `${UNIT_SELECT} WHERE ($1::text IS NULL OR department_code = $1) ORDER BY department_code, division_code`,
      [q.department ?? null],
    );
    return rows.map(normalise);
  }

  putUnit(department: string, division: string, unitName: string, actor: string): Promise<Change<UnitRow>> {
    const select = {
      sql: `${UNIT_SELECT} WHERE department_code = $1 AND division_code = $2`,
      params: [department, division],
    };
    return this.change(actor, 'unit', `${department}@${division}`, select, async (tx) => {
      const known = await tx.query<unknown[]>(`SELECT 1 FROM departments WHERE code = $1`, [department]);
      if (!known.length)
        throw new ApiError(
          'unknown_department',
          `department: no department ${department} in the catalogue`,
          HttpStatus.BAD_REQUEST,
        );
      if (division !== CITY_CODE) await this.requireDivision(tx, division, 'division');
      await tx.query(
        `INSERT INTO units (department_code, division_code, unit_name) VALUES ($1, $2, $3)
         ON CONFLICT (department_code, division_code) DO UPDATE SET unit_name = EXCLUDED.unit_name, updated_at = now()`,
        [department, division, unitName],
      );
    });
  }

  deleteUnit(department: string, division: string, actor: string): Promise<Change<UnitRow>> {
    const params = [department, division];
    return this.remove(
      actor,
      'unit',
      `${department}@${division}`,
      `${UNIT_SELECT} WHERE department_code = $1 AND division_code = $2`,
      params,
      (tx) => tx.query(`DELETE FROM units WHERE department_code = $1 AND division_code = $2`, params),
    );
  }

  // ---- shared

  private async requireDivision(tx: EntityManager, code: string, field: string): Promise<void> {
    const rows = await tx.query<unknown[]>(`SELECT 1 FROM divisions WHERE code = $1`, [code]);
    if (!rows.length)
      throw new ApiError('unknown_division', `${field}: no division ${code}`, HttpStatus.BAD_REQUEST);
  }

  /** Upsert: the row before (locked), the write, the row after, one audit entry — one transaction. */
  private change<T extends object>(
    actor: string,
    entity: string,
    entityId: string,
    select: { sql: string; params: unknown[] },
    write: (tx: EntityManager) => Promise<unknown>,
  ): Promise<Change<T>> {
    return this.db.transaction(async (tx) => {
      const [before] = await tx.query<T[]>(`${select.sql} FOR UPDATE`, select.params);
      await write(tx);
      const [after] = await tx.query<T[]>(select.sql, select.params);
      const change = { before: before ? normalise(before) : null, after: after ? normalise(after) : null };
      await audit(tx, {
        actor,
        action: `${entity}.${before ? 'update' : 'create'}`,
        entity,
        entityId,
        ...change,
      });
      return change;
    });
  }

  private async remove<T extends object>(
    actor: string,
    entity: string,
    entityId: string,
    select: string,
    params: unknown[],
    del: (tx: EntityManager) => Promise<unknown>,
  ): Promise<Change<T>> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<T[]>(`${select} FOR UPDATE`, params);
      if (!rows.length) throw new ApiError('not_found', `no ${entity} ${entityId}`, HttpStatus.NOT_FOUND);
      const before = normalise(rows[0]);
      await del(tx);
      await audit(tx, { actor, action: `${entity}.delete`, entity, entityId, before, after: null });
      return { before, after: null };
    });
  }
}

function normalise<R>(row: R): R {
  const r = row as Record<string, unknown>;
  return (r.updatedAt instanceof Date ? { ...r, updatedAt: r.updatedAt.toISOString() } : r) as R;
}
