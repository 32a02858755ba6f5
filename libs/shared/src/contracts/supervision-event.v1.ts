import { z } from 'zod';
import { isoDateTime } from './appeal-item.v1';
import { unitLevelSchema } from './routed-ticket.v1';

export const SUPERVISION_KINDS = ['due_soon', 'overdue', 'escalated'] as const;
export type SupervisionKind = (typeof SUPERVISION_KINDS)[number];

const unitSchema = z.object({
  department: z.string(),
  unitName: z.string(),
  level: unitLevelSchema,
});

/** 督办: what the deadline watch says about one decision of a ticket; at most one of each kind per decision. */
export const supervisionEventV1Schema = z
  .object({
    schemaVersion: z.literal(1),
    eventId: z
      .string()
      .describe('sup_<item>_<decisionRevision>_<kind>: the same event always has the same id'),
    kind: z.enum(SUPERVISION_KINDS),
    itemId: z.string(),
    decisionRevision: z.number().int().positive(),
    dueAt: isoDateTime,
    /** The working-day instant the event belongs to (not when a watcher noticed it). */
    at: isoDateTime,
    detectedAt: isoDateTime,
    county: z.object({ code: z.string().optional(), name: z.string().optional() }),
    lead: unitSchema,
    grade: z.string(),
    escalatedTo: z
      .object({ level: unitLevelSchema, unitName: z.string() })
      .optional()
      .describe('escalated: the next level up whose supervision office now follows the ticket'),
    history: z
      .array(
        z.object({
          decisionRevision: z.number().int(),
          mode: z.string(),
          department: z.string().nullable(),
          unitName: z.string().nullable(),
          decidedAt: isoDateTime,
        }),
      )
      .optional()
      .describe('escalated: every decision the ticket had, oldest first'),
  })
  .meta({
    id: 'SupervisionEventV1',
    title: 'SupervisionEvent v1',
    description:
      '督办 event (value of appeal.supervision.v1): a routed ticket due soon, overdue or escalated.',
  });

export type SupervisionEventV1 = z.infer<typeof supervisionEventV1Schema>;
