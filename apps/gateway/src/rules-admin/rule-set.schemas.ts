import { z } from 'zod';
import { SIMULATION_MAX_ITEMS } from '@minsheng/routing/simulation';

const documentField = z
  .looseObject({ rules: z.array(z.unknown()) })
  .describe('a rule-set document {rules: [...]}, as GET /api/v1/rule-sets/{version} returns it');

export const newDraftSchema = z
  .strictObject({
    document: documentField.optional().describe('the rules of the new draft; omit to start empty or copy'),
    copyFrom: z.number().int().positive().optional().describe('start from the document of this version'),
    note: z.string().max(500).optional(),
  })
  .refine((b) => !(b.document && b.copyFrom), {
    message: 'give document or copyFrom, not both',
    path: ['copyFrom'],
  });

export const updateDraftSchema = z.strictObject({
  document: documentField,
  note: z.string().max(500).optional(),
});

export const simulateSchema = z
  .strictObject({
    last: z
      .number()
      .int()
      .min(1)
      .max(SIMULATION_MAX_ITEMS)
      .default(1000)
      .describe('the newest N stored items (latest revision of each), when no window is given'),
    from: z.iso.datetime({ offset: true }).optional().describe('received_at ≥ from'),
    to: z.iso.datetime({ offset: true }).optional().describe('received_at < to'),
    examples: z.number().int().min(0).max(100).default(10).describe('examples per kind of change'),
  })
  .refine((b) => !b.from || !b.to || Date.parse(b.from) < Date.parse(b.to), {
    message: 'from must be before to',
    path: ['to'],
  });

export const auditQuerySchema = z.object({
  version: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
