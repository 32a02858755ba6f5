import { Inject, Injectable } from '@nestjs/common';
import { type DataSource, type EntityManager } from 'typeorm';
import { DATA_SOURCE } from '@minsheng/shared/runtime';
import { type RuleSetDocument } from '../rules';

export type RuleSetStatus = 'draft' | 'published' | 'archived';

export interface RuleSetRow {
  version: number;
  status: RuleSetStatus;
  note: string | null;
  created_by: string;
  created_at: Date;
  published_at: Date | null;
  /** How many rules the document holds. */
  rules: number;
}

/** rule_sets: versions and their documents; exactly one is published (a unique partial index backs this). */
@Injectable()
export class RuleSetsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The next version number, with the table locked against other admins' drafts until `tx` ends. */
  async nextVersion(tx: EntityManager): Promise<number> {
    await tx.query(`LOCK TABLE rule_sets IN SHARE ROW EXCLUSIVE MODE`);
    const [{ next }] = await tx.query<{ next: number }[]>(
      `SELECT COALESCE(max(version), 0) + 1 AS next FROM rule_sets`,
    );
    return next;
  }

  async insertDraft(
    tx: EntityManager,
    d: { version: number; note: string | null; document: RuleSetDocument; actor: string },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO rule_sets (version, status, note, document, created_by) VALUES ($1, 'draft', $2, $3, $4)`,
      [d.version, d.note, JSON.stringify(d.document), d.actor],
    );
  }

  /** The version, locked until `tx` ends. */
  async lock(
    tx: EntityManager,
    version: number,
  ): Promise<{ status: RuleSetStatus; note: string | null; document: RuleSetDocument } | undefined> {
    const [row] = await tx.query<{ status: RuleSetStatus; note: string | null; document: RuleSetDocument }[]>(
      `SELECT status, note, document FROM rule_sets WHERE version = $1 FOR UPDATE`,
      [version],
    );
    return row;
  }

  async replaceDraft(tx: EntityManager, version: number, document: RuleSetDocument, note: string | null) {
    await tx.query(`UPDATE rule_sets SET document = $2, note = $3 WHERE version = $1`, [
      version,
      JSON.stringify(document),
      note,
    ]);
  }

  /** Archives the published version (locked first) and publishes `version`; returns the one archived. */
  async publish(tx: EntityManager, version: number): Promise<number | null> {
    const current = await tx.query<{ version: number }[]>(
      `SELECT version FROM rule_sets WHERE status = 'published' FOR UPDATE`,
    );
    await tx.query(`UPDATE rule_sets SET status = 'archived' WHERE status = 'published'`);
    await tx.query(`UPDATE rule_sets SET status = 'published', published_at = now() WHERE version = $1`, [
      version,
    ]);
    return current[0]?.version ?? null;
  }

  /** Department codes as they are now; inside `tx`, share-locked so none is deleted before it ends. */
  async departmentCodes(tx?: EntityManager): Promise<Set<string>> {
    const rows = await (tx ?? this.db.manager).query<{ code: string }[]>(
      `SELECT code FROM departments${tx ? ' FOR SHARE' : ''}`,
    );
    return new Set(rows.map((d) => d.code));
  }

  async document(version: number): Promise<RuleSetDocument | undefined> {
    const [row] = await this.db.query<{ document: RuleSetDocument }[]>(
      `SELECT document FROM rule_sets WHERE version = $1`,
      [version],
    );
    return row?.document;
  }

  /** Newest first. */
  history(): Promise<RuleSetRow[]> {
    return this.db.query<RuleSetRow[]>(
      `SELECT version, status, note, created_by, created_at, published_at, jsonb_array_length(document->'rules') AS rules
       FROM rule_sets ORDER BY version DESC`,
    );
  }
}
