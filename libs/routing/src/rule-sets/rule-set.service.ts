import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import {
  type RuleSetDocument,
  type RuleSetValidation,
  RuleSetValidationError,
  validateRuleSet,
} from '../rules';
import { audit } from '@minsheng/shared/audit';
import { RuleSetsRepository } from './rule-sets.repository';

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
  constructor(private readonly sets: RuleSetsRepository) {}

  /** Validates against the current department catalogue; a draft that does not validate is not stored. */
  async createDraft(document: unknown, actor: string, note?: string): Promise<number> {
    const checked = await this.validate(document);
    if (!checked.ok) throw new RuleSetValidationError(checked.errors);
    return this.sets.transaction(async (tx) => {
      // Serialises version numbers between concurrent admins.
      const next = await this.sets.nextVersion(tx);
      await this.sets.insertDraft(tx, {
        version: next,
        note: note ?? null,
        document: checked.ruleSet,
        actor,
      });
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
    return validateRuleSet(document, { departments: await this.sets.departmentCodes(tx) });
  }

  /** Replaces a draft's document (and note); only drafts change, published and archived versions are history. */
  async updateDraft(version: number, document: unknown, actor: string, note?: string): Promise<void> {
    const checked = await this.validate(document);
    if (!checked.ok) throw new RuleSetValidationError(checked.errors);
    await this.sets.transaction(async (tx) => {
      const row = await this.sets.lock(tx, version);
      if (!row) throw new RuleSetLifecycleError('not_found', `no rule set version ${version}`);
      if (row.status !== 'draft')
        throw new RuleSetLifecycleError('not_a_draft', `version ${version} is ${row.status}, not a draft`);
      const newNote = note === undefined ? row.note : note;
      await this.sets.replaceDraft(tx, version, checked.ruleSet, newNote);
      await audit(tx, {
        actor,
        action: 'rule_set.update_draft',
        entity: 'rule_set',
        entityId: String(version),
        before: { note: row.note, document: row.document },
        after: { note: newNote, document: checked.ruleSet },
      });
    });
  }

  /**
   * Publishes a draft, or an archived version (rollback); the version published before is archived. The document is
   * checked again: a department deleted since the draft was saved would otherwise reach every router.
   */
  async publish(version: number, actor: string): Promise<void> {
    await this.sets.transaction(async (tx) => {
      const row = await this.sets.lock(tx, version);
      if (!row) throw new RuleSetLifecycleError('not_found', `no rule set version ${version}`);
      if (row.status === 'published')
        throw new RuleSetLifecycleError('already_published', `version ${version} is already published`);
      const checked = await this.validate(row.document, tx);
      if (!checked.ok) throw new RuleSetValidationError(checked.errors);
      const archived = await this.sets.publish(tx, version);
      await audit(tx, {
        actor,
        action: row.status === 'archived' ? 'rule_set.rollback' : 'rule_set.publish',
        entity: 'rule_set',
        entityId: String(version),
        before: { published: archived, status: row.status },
        after: { published: version, status: 'published' },
      });
    });
  }

  async document(version: number): Promise<RuleSetDocument> {
    const document = await this.sets.document(version);
    if (!document) throw new RuleSetLifecycleError('not_found', `no rule set version ${version}`);
    return document;
  }

  async history(): Promise<RuleSetVersion[]> {
    return (await this.sets.history()).map((r) => ({
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
