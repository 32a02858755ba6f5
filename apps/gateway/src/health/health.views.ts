import { z } from 'zod';
import { view } from '../common/api-views';

const dependency = z.object({
  status: z.enum(['up', 'down']),
  latencyMs: z.number(),
  error: z.string().optional(),
});

export const healthView = view(
  'Health',
  z.object({
    status: z.enum(['ok', 'degraded']).describe('degraded answers 503'),
    checks: z.object({ postgres: dependency, kafka: dependency }),
  }),
);
