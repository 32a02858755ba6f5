import { z } from 'zod';
import { view } from '../common/api-views';
import { simulationReportView } from '../rules-admin/rule-set.views';

const isoTime = z.string().describe('ISO 8601 date-time');
const rate = z.number().min(0).max(1);

const departmentFigures = z.object({
  examples: z.number().int(),
  proposed: z.number().int(),
  correct: z.number().int(),
  precision: rate,
  recall: rate,
});

export const modelVersionView = view(
  'ModelVersion',
  z.object({
    version: z.string().describe('content hash of the trained model, tm-xxxxxxxx'),
    status: z.enum(['candidate', 'published', 'archived']),
    trigger: z.enum(['schedule', 'on_demand', 'import']),
    createdBy: z.string(),
    createdAt: isoTime,
    trainingWindow: z.object({ from: isoTime, to: isoTime }).nullable(),
    examples: z.number().int(),
    returnedExamples: z
      .number()
      .int()
      .describe('退单 examples: negative evidence for the returning department'),
    perDepartment: z.record(z.string(), z.number().int()).describe('positive examples per department'),
    thresholds: z.object({
      model: rate.describe(
        'cross-validated: the lowest confidence whose held-out precision reached the target',
      ),
      override: rate.nullable().describe("the admin's global threshold, if set"),
      effective: rate,
      perDepartment: z.record(z.string(), rate),
    }),
    crossValidation: z
      .object({
        folds: z.number().int(),
        precision: rate,
        recall: rate,
        coverage: rate,
        top1Accuracy: rate,
        top3Accuracy: rate,
        calibrationError: z.number(),
      })
      .nullable(),
    perDepartmentFigures: z.record(z.string(), departmentFigures),
    publishedAt: isoTime.nullable(),
    publishedBy: z.string().nullable(),
  }),
);

export const trainedModelView = view(
  'TrainedModel',
  modelVersionView.extend({
    created: z.boolean().describe('false: the same examples gave a version that was already stored'),
  }),
);

export const modelSimulationReportView = view(
  'ModelSimulationReport',
  simulationReportView.extend({
    version: z.string(),
    against: z.string().nullable().describe('the published model compared with (null: the rules alone)'),
  }),
);

export const withdrawnModelView = view(
  'WithdrawnModel',
  z.object({ withdrawn: z.string().describe('the version no longer published; rules alone route') }),
);
