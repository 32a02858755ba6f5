import { z } from 'zod';
import { isoDateTime, publishedItemSchema, withoutPhoneHash } from './appeal-item.v1';

export const GRADES = ['urgent', 'simple', 'general', 'complex'] as const;
/** Why a decision went to a person (mode triage). */
export const TRIAGE_REASONS = [
  'no_jurisdiction',
  'ambiguous_jurisdiction',
  'no_department',
  'no_unit',
  'returned_too_often',
  'manual',
  /** The text places the appeal in another city or province. */
  'outside_city',
  /** 不满意 more often than the hub re-opens a ticket (decision 034): the city platform decides. */
  'dissatisfied_too_often',
] as const;
export const gradeSchema = z.enum(GRADES);
export const unitLevelSchema = z.enum(['city', 'county', 'town']);

export const jurisdictionSchema = z.object({
  county: z.string().optional(),
  town: z.string().optional(),
  village: z.string().optional(),
  codes: z.object({
    county: z.string().optional(),
    town: z.string().optional(),
    village: z.string().optional(),
  }),
  method: z.enum(['adcode', 'coordinates', 'channel_hint', 'alias', 'gazetteer_text', 'manual', 'none']),
  confidence: z.number().min(0).max(1),
});

export const assignedUnitSchema = z.object({
  department: z.string().min(1),
  level: unitLevelSchema,
  unitName: z.string().min(1),
});

export const suggestionSchema = z.object({
  department: z.string().min(1),
  confidence: z.number().min(0).max(1),
});

export const decisionSchema = z.object({
  jurisdiction: jurisdictionSchema,
  lead: assignedUnitSchema.optional(),
  co: z.array(assignedUnitSchema).default([]),
  grade: gradeSchema,
  dueAt: isoDateTime.optional(),
  workingDays: z.number().int().nonnegative().optional(),
  calendarFallback: z.boolean().optional(),
  needsConsultation: z
    .boolean()
    .optional()
    .describe('complex matters: lead and co-departments agree on the handling first'),
  tags: z.array(z.string()).default([]),
  duplicateOf: z
    .string()
    .regex(/^ap_[0-9a-f]{32}$/)
    .optional()
    .describe('并单: the earlier item this one repeats'),
  returnedBy: z
    .array(z.string())
    .default([])
    .describe('departments that returned (退单) this ticket, excluded from re-dispatch'),
  ruleSetVersion: z.number().int().nonnegative(),
  modelVersion: z.string().optional().describe('the learned model consulted for this decision, if any'),
  suggestions: z
    .array(suggestionSchema)
    .optional()
    .describe("the learned model's ranked departments, shown to the dispatcher"),
  modelDisagrees: z
    .boolean()
    .optional()
    .describe('a rule decided, and the model is confident of another department'),
  matchedRules: z.array(z.string()),
  explanation: z.array(z.string()),
  mode: z.enum(['auto', 'triage']),
  reason: z.enum(TRIAGE_REASONS).optional(),
  supervised: z
    .boolean()
    .optional()
    .describe('督办: handled under supervision (a re-opened ticket after a 不满意 rating)'),
  reopen: z
    .object({
      count: z
        .int()
        .positive()
        .describe('how many times 不满意 has re-opened this ticket, this one included'),
      ratedRevision: z.int().positive().describe('the closed decision the citizen rated 不满意'),
    })
    .optional()
    .describe('办理不满意专区: this decision re-opens a closed ticket the citizen rated 不满意'),
  decidedAt: isoDateTime,
});

export const routedTicketV1Schema = z
  .object({
    schemaVersion: z.literal(1),
    item: publishedItemSchema,
    decision: decisionSchema,
    decisionRevision: z.number().int().positive(),
  })
  .meta({
    id: 'RoutedTicketV1',
    title: 'RoutedTicket v1',
    description: 'An appeal with its routing decision (value of appeal.routed.v1 and appeal.triage.v1).',
  });

export type RoutedTicketV1 = z.infer<typeof routedTicketV1Schema>;
export type Decision = z.infer<typeof decisionSchema>;
export type Grade = z.infer<typeof gradeSchema>;
export type TriageReason = NonNullable<Decision['reason']>;
export type DepartmentSuggestion = z.infer<typeof suggestionSchema>;

/** A ticket as consumers get it: a ticket stored before decision 023 may still carry the reporter's phoneHash. */
export function publishedTicket(ticket: RoutedTicketV1): RoutedTicketV1 {
  return 'phoneHash' in ticket.item.reporter ? { ...ticket, item: withoutPhoneHash(ticket.item) } : ticket;
}
