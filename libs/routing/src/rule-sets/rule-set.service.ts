import { Inject, Injectable } from '@nestjs/common';
import { type DataSource, type EntityManager } from 'typeorm';
import { DATA_SOURCE } from '@minsheng/shared/runtime';
import {
  type RuleSetDocument,
  type RuleSetValidation,
  RuleSetValidationError,
  validateRuleSet,
} from '../rules';
import { audit } from '@minsheng/shared/audit';

export interface RuleSetVersion {
  version: number;
  status: 'draft' | 'published' | 'archived';
  note: string | null;
  createdBy: string;
  createdAt: string;
  publishedAt: string | null;
  rules: number;
}

export class RuleSetLifecycleError extends Error {
  constructor(
    readonly code: 'not_found' | 'not_a_draft' | 'already_published',
    message: string,
  ) {
    super(message);
    this.name = 'RuleSetLifecycleError';
  }
}

/**
 * The rule-set lifecycle admins drive (the gateway exposes it): draft → published → archived, rollback by
 * publishing an earlier version, each step audited in its own transaction. Exactly one version is published at a
 * time (a unique partial index backs this); routers pick the new one up by polling, without a restart.
 */
@Injectable()
export class RuleSetService {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  /** Validates against the current department catalogue; a draft that does not validate is not stored. */
  async createDraft(document: unknown, actor: string, note?: string): Promise<number> {
    const checked = await this.validate(document);
    if (!checked.ok) throw new RuleSetValidationError(checked.errors);
    return this.db.transaction(async (tx) => {
      // Serialises version numbers between concurrent admins.
      await tx.query(`LOCK TABLE rule_sets IN SHARE ROW EXCLUSIVE MODE`);
      const [{ next }] = await tx.query<{ next: number }[]>(
        `SELECT COALESCE(max(version), 0) + 1 AS next FROM rule_sets`,
      );
      await tx.query(
        `INSERT INTO rule_sets (version, status, note, document, created_by) VALUES ($1, 'draft', $2, $3, $4)`,
        [next, note ?? null, JSON.stringify(checked.ruleSet), actor],
      );
      await audit(tx, {
        actor,
        action: 'rule_set.draft',
        entity: 'rule_set',
        entityId: String(next),
        before: null,
        after: { status: 'draft', note: note ?? null, rules: checked.ruleSet.rules.length },
      });
      return next;
    });
  }

  /**
   * Checks a document against the department catalogue as it is now (as the router will when it loads it). Inside a
   * publish the departments are share-locked, so a department cannot be deleted between this check and the commit.
   */
  async validate(document: unknown, tx?: EntityManager): Promise<RuleSetValidation> {
    const departments = await (tx ?? this.db.manager).query<{ code: string }[]>(
      `SELECT code FROM departments${tx ? ' FOR SHARE' : ''}`,
    );
    return validateRuleSet(document, { departments: new Set(departments.map((d) => d.code)) });
  }

  /** Replaces a draft's document (and note); only drafts change, published and archived versions are history. */
  async updateDraft(version: number, document: unknown, actor: string, note?: string): Promise<void> {
    const checked = await this.validate(document);
    if (!checked.ok) throw new RuleSetValidationError(checked.errors);
    await this.db.transaction(async (tx) => {
      const rows = await tx.query<{ status: string; note: string | null; document: RuleSetDocument }[]>(
        `SELECT status, note, document FROM rule_sets WHERE version = $1 FOR UPDATE`,
        [version],
      );
      if (!rows.length) throw new RuleSetLifecycleError('not_found', `no rule set version ${version}`);
      if (rows[0].status !== 'draft')
        throw new RuleSetLifecycleError(
          'not_a_draft',
          `version ${version} is ${rows[0].status}, not a draft`,
        );
      const newNote = note === undefined ? rows[0].note : note;
      await tx.query(`UPDATE rule_sets SET document = $2, note = $3 WHERE version = $1`, [
        version,
        JSON.stringify(checked.ruleSet),
        newNote,
      ]);
      await audit(tx, {
        actor,
        action: 'rule_set.update_draft',
        entity: 'rule_set',
        entityId: String(version),
        before: { note: rows[0].note, document: rows[0].document },
        after: { note: newNote, document: checked.ruleSet },
      });
    });
  }

  /**
   * Publishes a draft, or an archived version (rollback); the version published before is archived. The document is
   * checked again: a department deleted since the draft was saved would otherwise reach every router.
   */
  async publish(version: number, actor: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const rows = await tx.query<{ status: string; document: unknown }[]>(
        `SELECT status, document FROM rule_sets WHERE version = $1 FOR UPDATE`,
        [version],
      );
      if (!rows.length) throw new RuleSetLifecycleError('not_found', `no rule set version ${version}`);
      if (rows[0].status === 'published')
        throw new RuleSetLifecycleError('already_published', `version ${version} is already published`);
      const checked = await this.validate(rows[0].document, tx);
      if (!checked.ok) throw new RuleSetValidationError(checked.errors);
      const current = await tx.query<{ version: number }[]>(
        `SELECT version FROM rule_sets WHERE status = 'published' FOR UPDATE`,
      );
      await tx.query(`UPDATE rule_sets SET status = 'archived' WHERE status = 'published'`);
      await tx.query(`UPDATE rule_sets SET status = 'published', published_at = now() WHERE version = $1`, [
        version,
      ]);
      await audit(tx, {
        actor,
        action: rows[0].status === 'archived' ? 'rule_set.rollback' : 'rule_set.publish',
        entity: 'rule_set',
        entityId: String(version),
        before: { published: current[0]?.version ?? null, status: rows[0].status },
        after: { published: version, status: 'published' },
      });
    });
  }

  async document(version: number): Promise<RuleSetDocument> {
    const rows = await this.db.query<{ document: RuleSetDocument }[]>(
      `SELECT document FROM rule_sets WHERE version = $1`,
      [version],
    );
    if (!rows.length) throw new RuleSetLifecycleError('not_found', `no rule set version ${version}`);
    return rows[0].document;
  }

  async history(): Promise<RuleSetVersion[]> {
    const rows = await this.db.query<
      {
        version: number;
        status: RuleSetVersion['status'];
        note: string | null;
        created_by: string;
        created_at: Date;
        published_at: Date | null;
        rules: number;
      }[]
    >(
      `SELECT version, status, note, created_by, created_at, published_at, jsonb_array_length(document->'rules') AS rules
       FROM rule_sets ORDER BY version DESC`,
    );
    return rows.map((r) => ({
      version: r.version,
      status: r.status,
      note: r.note,
      createdBy: r.created_by,
      createdAt: new Date(r.created_at).toISOString(),
      publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
      rules: Number(r.rules),
    }));
  }
}
