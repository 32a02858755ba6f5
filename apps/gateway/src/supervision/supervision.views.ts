import { z } from 'zod';
import { SUPERVISION_KINDS } from '@minsheng/shared/contracts';
import { view } from '../common/api-views';

const isoTime = z.string().describe('ISO 8601 date-time');

const entry = z.object({
  itemId: z.string(),
  decisionRevision: z.number().int(),
  kind: z.enum(SUPERVISION_KINDS).describe('the latest supervision event of this decision'),
  dueAt: isoTime,
  at: isoTime.describe('the working-day instant of that event'),
  countyCode: z.string().nullable(),
  status: z.string(),
});

export const supervisionQueueView = view(
  'SupervisionQueue',
  z.object({
    units: z
      .array(
        z.object({
          department: z.string(),
          unitName: z.string(),
          dueSoon: z.number().int(),
          overdue: z.number().int(),
          escalated: z.number().int(),
          tickets: z.array(entry),
        }),
      )
      .describe('by unit, then soonest deadline first'),
    truncated: z.boolean().describe('more tickets than `limit`: narrow the filters'),
  }),
);
