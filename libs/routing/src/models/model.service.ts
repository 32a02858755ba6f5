import { Inject, Injectable } from '@nestjs/common';
import { type LabelledText, TextModel, trainInWorker } from '@minsheng/learning';
import { audit } from '@minsheng/shared/audit';
import { type LearnedRouting } from '../learned';
import {
  ModelVersionsRepository,
  type ModelVersionRow,
  type TrainingTrigger,
} from './model-versions.repository';
import { TrainingDataRepository } from './training-data.repository';

export class ModelLifecycleError extends Error {
  constructor(
    readonly code: 'not_found' | 'not_enough_examples' | 'already_published' | 'unknown_department' | 'busy',
    message: string,
  ) {
    super(message);
    this.name = 'ModelLifecycleError';
  }
}

export interface TrainingPolicy {
  windowDays: number;
  maxExamples: number;
  /** Fewer accepted or dispatched examples than this, or fewer than two departments, and no model is trained. */
  minExamples: number;
}

export interface Thresholds {
  /** Null: the model's own, the lowest confidence whose held-out precision reached the target. */
  threshold: number | null;
  perDepartment: Record<string, number>;
}

export interface TrainResult {
  version: string;
  /** False when the same examples gave a version that was already stored. */
  created: boolean;
  row: ModelVersionRow;
}

/**
 * The model lifecycle admins drive, beside the rule sets': train (a schedule or on demand) → candidate → publish,
 * rollback by publishing an earlier version, thresholds per version; each step audited. Routers load the published
 * version by polling (`publishedStamp`), as they load rule sets.
 */
@Injectable()
export class ModelService {
  constructor(
    @Inject(ModelVersionsRepository) private readonly models: ModelVersionsRepository,
    @Inject(TrainingDataRepository) private readonly data: TrainingDataRepository,
  ) {}

  async train(
    trigger: TrainingTrigger,
    actor: string,
    policy: TrainingPolicy,
    now = new Date(),
  ): Promise<TrainResult> {
    const result = await this.models.tryTrainingLock(async () => {
      const since = new Date(now.getTime() - policy.windowDays * 86_400_000);
      const examples = await this.data.examples(since, policy.maxExamples);
      assertEnough(examples, policy.minExamples);
      const document = await trainInWorker(examples);
      return this.models.transaction(async (tx) => {
        const created = await this.models.insertCandidate(tx, { document, trigger, actor });
        const version = document.meta.version;
        if (created)
          await audit(tx, {
            actor,
            action: 'model.train',
            entity: 'model',
            entityId: version,
            before: null,
            after: {
              status: 'candidate',
              trigger,
              examples: document.meta.examples,
              window: document.meta.trainingWindow,
            },
          });
        return { version, created, row: (await this.models.lock(tx, version))! };
      });
    });
    if (!result)
      throw new ModelLifecycleError('busy', 'another process is training a model; try again when it is done');
    return result;
  }

  /** Publishes a candidate, or an archived version (rollback); the version published before is archived. */
  async publish(version: string, actor: string): Promise<ModelVersionRow> {
    return this.models.transaction(async (tx) => {
      const row = await this.models.lock(tx, version);
      if (!row) throw new ModelLifecycleError('not_found', `no model version ${version}`);
      if (row.status === 'published')
        throw new ModelLifecycleError('already_published', `model ${version} is already published`);
      const replaced = await this.models.publish(tx, version, actor);
      await audit(tx, {
        actor,
        action: row.status === 'archived' ? 'model.rollback' : 'model.publish',
        entity: 'model',
        entityId: version,
        before: { published: replaced, status: row.status },
        after: { published: version, status: 'published' },
      });
      return (await this.models.lock(tx, version))!;
    });
  }

  /** Takes the published model out of routing: rules alone decide again. */
  async withdraw(actor: string): Promise<string | null> {
    return this.models.transaction(async (tx) => {
      const withdrawn = await this.models.withdraw(tx);
      if (!withdrawn) throw new ModelLifecycleError('not_found', 'no model is published');
      await audit(tx, {
        actor,
        action: 'model.withdraw',
        entity: 'model',
        entityId: withdrawn,
        before: { published: withdrawn },
        after: { published: null },
      });
      return withdrawn;
    });
  }

  async setThresholds(
    version: string,
    next: Thresholds,
    actor: string,
    departments: ReadonlySet<string>,
  ): Promise<ModelVersionRow> {
    const unknown = Object.keys(next.perDepartment).filter((d) => !departments.has(d));
    if (unknown.length)
      throw new ModelLifecycleError(
        'unknown_department',
        `not in the department catalogue: ${unknown.join(', ')}`,
      );
    return this.models.transaction(async (tx) => {
      const row = await this.models.lock(tx, version);
      if (!row) throw new ModelLifecycleError('not_found', `no model version ${version}`);
      await this.models.setThresholds(tx, version, next.threshold, next.perDepartment);
      await audit(tx, {
        actor,
        action: 'model.thresholds',
        entity: 'model',
        entityId: version,
        before: { threshold: row.threshold, perDepartment: row.department_thresholds },
        after: { threshold: next.threshold, perDepartment: next.perDepartment },
      });
      return (await this.models.lock(tx, version))!;
    });
  }

  history(limit = 50): Promise<ModelVersionRow[]> {
    return this.models.history(limit);
  }

  async find(version: string): Promise<ModelVersionRow> {
    const row = await this.models.find(version);
    if (!row) throw new ModelLifecycleError('not_found', `no model version ${version}`);
    return row;
  }

  publishedStamp(): Promise<{ version: string; changedAt: string } | null> {
    return this.models.publishedStamp();
  }

  /** A version ready for routing, with its thresholds: the published one for routers, any one for simulation. */
  async learnedRouting(version: string): Promise<LearnedRouting> {
    const row = await this.models.document(version);
    if (!row) throw new ModelLifecycleError('not_found', `no model version ${version}`);
    const model = TextModel.fromJSON(row.document);
    return {
      suggester: model,
      threshold: row.threshold ?? model.meta.threshold,
      perDepartment: row.department_thresholds,
    };
  }
}

function assertEnough(examples: readonly LabelledText[], min: number): void {
  const positives = examples.filter((e) => !e.returned);
  const departments = new Set(positives.map((e) => e.department));
  if (positives.length < min || departments.size < 2)
    throw new ModelLifecycleError(
      'not_enough_examples',
      `${positives.length} decided examples across ${departments.size} departments; training needs at least ${min} across 2`,
    );
}
