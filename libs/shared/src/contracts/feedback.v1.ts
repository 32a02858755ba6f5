import { z } from 'zod';
import { isoDateTime } from './appeal-item.v1';

/**
 * What a handling unit says back about a ticket (value of appeal.feedback.v1, key = item id):
 * accepted (受理), returned (退单, with the reason — the router re-dispatches), closed (办结).
 */
export const feedbackV1Schema = z
  .object({
    schemaVersion: z.literal(1),
    eventId: z.string().min(8).max(64).describe('unique per event; a re-sent event is recognised by it'),
    itemId: z.string().regex(/^ap_[0-9a-f]{32}$/),
    decisionRevision: z.number().int().positive().describe('the decision the unit is answering'),
    kind: z.enum(['accepted', 'returned', 'closed']),
    department: z.string().min(1).describe('department code of the unit that answers'),
    unitName: z.string().optional(),
    reason: z.string().max(2000).optional(),
    actor: z.string().min(1).describe('who decided, as the downstream system knows them'),
    at: isoDateTime,
  })
  .refine((f) => f.kind !== 'returned' || !!f.reason?.trim(), {
    message: 'a returned ticket needs a reason',
    path: ['reason'],
  })
  .meta({
    id: 'FeedbackV1',
    title: 'Feedback v1',
    description: 'A handling unit accepting, returning (退单) or closing a ticket.',
  });

export type FeedbackV1 = z.infer<typeof feedbackV1Schema>;
