import { Inject, Injectable } from '@nestjs/common';
import { type DataSource, type EntityManager } from 'typeorm';
import { type ModelMeta, type TextModelDocument } from '@minsheng/learning';
import { DATA_SOURCE } from '@minsheng/shared/runtime';

export type ModelStatus = 'candidate' | 'published' | 'archived';
export type TrainingTrigger = 'schedule' | 'on_demand' | 'import';

/** A version without its (large) document. */
export interface ModelVersionRow {
  version: string;
  status: ModelStatus;
  trigger: TrainingTrigger;
  created_by: string;
  created_at: Date;
  window_from: Date | null;
  window_to: Date | null;
  examples: number;
  returned_examples: number;
  per_department: Record<string, number>;
  meta: ModelMeta;
  threshold: number | null;
  department_thresholds: Record<string, number>;
  settings_changed_at: Date;
  published_at: Date | null;
  published_by: string | null;
}

export interface NewModelVersion {
  document: TextModelDocument;
  trigger: TrainingTrigger;
  actor: string;
}

const SUMMARY = `version, status, trigger, created_by, created_at, window_from, window_to, examples, returned_examples,
  per_department, meta, threshold, department_thresholds, settings_changed_at, published_at, published_by`;

/** model_versions: trained models and admins' thresholds; at most one published (a unique partial index). */
@Injectable()
export class ModelVersionsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Stores a candidate; the same data and seed give the same version, which is then kept as it was. */
  async insertCandidate(tx: EntityManager, m: NewModelVersion): Promise<boolean> {
    const meta = m.document.meta;
    const rows = await tx.query<{ version: string }[]>(
      `INSERT INTO model_versions (version, status, trigger, created_by, window_from, window_to, examples,
         returned_examples, per_department, meta, document)
       VALUES ($1, 'candidate', $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (version) DO NOTHING RETURNING version`,
      [
        meta.version,
        m.trigger,
        m.actor,
        meta.trainingWindow?.from ?? null,
        meta.trainingWindow?.to ?? null,
        meta.examples,
        meta.returnedExamples,
        JSON.stringify(meta.perDepartment),
        JSON.stringify(meta),
        JSON.stringify(m.document),
      ],
    );
    return rows.length === 1;
  }

  async lock(tx: EntityManager, version: string): Promise<ModelVersionRow | undefined> {
    const [row] = await tx.query<ModelVersionRow[]>(
      `SELECT ${SUMMARY} FROM model_versions WHERE version = $1 FOR UPDATE`,
      [version],
    );
    return row;
  }

  /** Publishes `version`; returns the version it replaced (now archived), if any. */
  async publish(tx: EntityManager, version: string, actor: string): Promise<string | null> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count], not the rows alone.
    const [archived] = await tx.query<[{ version: string }[], number]>(
      `UPDATE model_versions SET status = 'archived' WHERE status = 'published' RETURNING version`,
    );
    await tx.query(
      `UPDATE model_versions SET status = 'published', published_at = now(), published_by = $2 WHERE version = $1`,
      [version, actor],
    );
    return archived[0]?.version ?? null;
  }

  /** Archives the published version without a successor: routing goes back to rules alone. */
  async withdraw(tx: EntityManager): Promise<string | null> {
    const [rows] = await tx.query<[{ version: string }[], number]>(
      `UPDATE model_versions SET status = 'archived' WHERE status = 'published' RETURNING version`,
    );
    return rows[0]?.version ?? null;
  }

  async setThresholds(
    tx: EntityManager,
    version: string,
    threshold: number | null,
    perDepartment: Record<string, number>,
  ): Promise<void> {
    await tx.query(
      `UPDATE model_versions SET threshold = $2, department_thresholds = $3, settings_changed_at = clock_timestamp()
       WHERE version = $1`,
      [version, threshold, JSON.stringify(perDepartment)],
    );
  }

  async history(limit: number): Promise<ModelVersionRow[]> {
    return this.db.query<ModelVersionRow[]>(
      `SELECT ${SUMMARY} FROM model_versions ORDER BY created_at DESC, version LIMIT $1`,
      [limit],
    );
  }

  async find(version: string): Promise<ModelVersionRow | undefined> {
    const [row] = await this.db.query<ModelVersionRow[]>(
      `SELECT ${SUMMARY} FROM model_versions WHERE version = $1`,
      [version],
    );
    return row;
  }

  /** The published version and when its settings last changed: what a router compares before reloading. */
  async publishedStamp(): Promise<{ version: string; changedAt: string } | null> {
    const [row] = await this.db.query<{ version: string; changed: string }[]>(
      `SELECT version, settings_changed_at::text AS changed FROM model_versions WHERE status = 'published'`,
    );
    return row ? { version: row.version, changedAt: row.changed } : null;
  }

  async document(version: string): Promise<(ModelVersionRow & { document: TextModelDocument }) | undefined> {
    const [row] = await this.db.query<(ModelVersionRow & { document: TextModelDocument })[]>(
      `SELECT ${SUMMARY}, document FROM model_versions WHERE version = $1`,
      [version],
    );
    return row;
  }

  /** Only one replica trains at a time; the others skip the scheduled run rather than queue behind it. */
  async tryTrainingLock<T>(work: () => Promise<T>): Promise<T | undefined> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const rows = (await runner.query(
        `SELECT pg_try_advisory_lock(hashtext('minsheng.model-training')) AS locked`,
      )) as { locked: boolean }[];
      const locked = rows[0]?.locked === true;
      if (!locked) return undefined;
      try {
        return await work();
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext('minsheng.model-training'))`);
      }
    } finally {
      await runner.release();
    }
  }
}
