import { type CrossValidation } from '@minsheng/learning';
import { type ModelStatus, type ModelVersionRow, type TrainingTrigger } from './model-versions.repository';

/** A model version as admins see it (and as it crosses the control plane): no weights, dates as ISO strings. */
export interface ModelVersionSummary {
  version: string;
  status: ModelStatus;
  trigger: TrainingTrigger;
  createdBy: string;
  createdAt: string;
  trainingWindow: { from: string; to: string } | null;
  examples: number;
  returnedExamples: number;
  perDepartment: Record<string, number>;
  /** The model's own threshold (cross-validated) and the admin's override, if any; `effective` is what routes. */
  thresholds: {
    model: number;
    override: number | null;
    effective: number;
    perDepartment: Record<string, number>;
  };
  crossValidation: Pick<
    CrossValidation,
    'folds' | 'precision' | 'recall' | 'coverage' | 'top1Accuracy' | 'top3Accuracy' | 'calibrationError'
  > | null;
  perDepartmentFigures: CrossValidation['perDepartment'];
  publishedAt: string | null;
  publishedBy: string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function modelVersionSummary(row: ModelVersionRow): ModelVersionSummary {
  const cv = row.meta.crossValidation;
  const from = iso(row.window_from);
  const to = iso(row.window_to);
  return {
    version: row.version,
    status: row.status,
    trigger: row.trigger,
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
    trainingWindow: from && to ? { from, to } : null,
    examples: row.examples,
    returnedExamples: row.returned_examples,
    perDepartment: row.per_department,
    thresholds: {
      model: row.meta.threshold,
      override: row.threshold,
      effective: row.threshold ?? row.meta.threshold,
      perDepartment: row.department_thresholds,
    },
    crossValidation: cv
      ? {
          folds: cv.folds,
          precision: cv.precision,
          recall: cv.recall,
          coverage: cv.coverage,
          top1Accuracy: cv.top1Accuracy,
          top3Accuracy: cv.top3Accuracy,
          calibrationError: cv.calibrationError,
        }
      : null,
    perDepartmentFigures: cv?.perDepartment ?? {},
    publishedAt: iso(row.published_at),
    publishedBy: row.published_by,
  };
}
