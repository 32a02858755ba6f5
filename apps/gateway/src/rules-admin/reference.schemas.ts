import { z } from 'zod';
import { channelSchema } from '@minsheng/shared/contracts';
import { RULE_ID_PATTERN } from '@minsheng/routing/rules';

const divisionCode = z.string().regex(/^\d{4,12}$/, 'a division code is 4 to 12 digits');

export const aliasPathSchema = z
  .string()
  .trim()
  .min(2, 'an alias is at least 2 characters (one character would match almost anything)')
  .max(100);
export const aliasBodySchema = z.strictObject({
  code: divisionCode.describe('the division (county, town or village) the name points to'),
  note: z.string().max(500).optional(),
});
export const aliasQuerySchema = z.object({
  q: z.string().max(100).optional().describe('alias contains'),
  code: z.string().max(12).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

export const hintKeySchema = z.object({
  channel: channelSchema,
  kind: z.enum(['board', 'mailbox', 'dept']),
  value: z.string().trim().min(1).max(200),
});
export const hintBodySchema = z.strictObject({ code: divisionCode });
export const hintQuerySchema = z.object({ channel: z.string().max(40).optional() });

export const departmentCodeSchema = z
  .string()
  .regex(RULE_ID_PATTERN, 'a department code is 2–64 characters of a-z, 0-9 and -');
export const departmentBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['government', 'enterprise', 'township']),
  levels: z
    .array(z.enum(['city', 'county', 'town']))
    .min(1, 'levels: name at least one of city, county, town')
    .refine((l) => new Set(l).size === l.length, 'levels: each level once'),
  scope: z.string().max(2000).default(''),
});

export const unitKeySchema = z.object({ department: departmentCodeSchema, division: divisionCode });
export const unitBodySchema = z.strictObject({ unitName: z.string().trim().min(2).max(100) });
export const unitQuerySchema = z.object({ department: z.string().max(64).optional() });

export const yearSchema = z.coerce.number().int().min(2000).max(2100);
export const calendarBodySchema = z.strictObject({
  source: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .describe('where the year comes from, e.g. the State Council notice'),
  days: z
    .array(
      z.strictObject({
        date: z.string().describe('YYYY-MM-DD'),
        kind: z.enum(['holiday', 'workday']),
        name: z.string().max(50).optional(),
      }),
    )
    .max(366),
});

export const referenceAuditQuerySchema = z.object({
  entity: z.enum(['jurisdiction_alias', 'channel_hint', 'department', 'unit', 'calendar_year']).optional(),
  entityId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
