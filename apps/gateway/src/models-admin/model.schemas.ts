import { z } from 'zod';
import { simulateSchema } from '../rules-admin/rule-set.schemas';

/** Below 0.5 a model's first suggestion is no better than a coin toss between two departments. */
const threshold = z.number().min(0.5).max(1);

export const thresholdsSchema = z.strictObject({
  threshold: threshold
    .nullable()
    .describe("global threshold; null returns to the model's own cross-validated one"),
  perDepartment: z
    .record(z.string().min(1), threshold)
    .default({})
    .describe('department code → threshold that replaces the global one for suggestions of that department'),
});

export const modelSimulateSchema = simulateSchema;

export const versionParamSchema = z
  .string()
  .regex(/^tm-[0-9a-f]{8}$/, 'a model version is tm- and 8 hex digits');
