import { z } from 'zod';
import { view } from '../common/api-views';

export const pushAcceptedView = view(
  'PushAccepted',
  z.object({
    id: z.string().describe('the appeal item id (ap_…)'),
    revision: z.number().int(),
    status: z.enum(['created', 'updated', 'unchanged']),
  }),
);
