import { z } from 'zod';
import { isoDateTime } from './appeal-item.v1';
import { gradeSchema } from './routed-ticket.v1';
import { ratingSchema } from './rating';

export const FEEDBACK_KINDS = ['accepted', 'returned', 'closed', 'dispatched', 'rated'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** What a city-platform dispatcher assigns to a ticket in triage (人工派单); the router turns it into a decision. */
export const assignmentSchema = z
  .strictObject({
    county: z
      .string()
      .regex(/^\d{6}$/)
      .describe('county division code (6 digits)'),
    town: z
      .string()
      .regex(/^\d{9}$/)
      .optional()
      .describe('town division code (9 digits), inside the county'),
    village: z
      .string()
      .regex(/^\d{12}$/)
      .optional()
      .describe('village division code (12 digits), inside the town'),
    lead: z.string().min(1).describe('department code of the lead unit'),
    co: z.array(z.string().min(1)).default([]).describe('department codes of co-handling units'),
    grade: gradeSchema,
  })
  .refine((a) => !a.village || !!a.town, { message: 'a village needs its town', path: ['town'] });

export type Assignment = z.infer<typeof assignmentSchema>;

/**
 * What a handling unit says back about a ticket (value of appeal.feedback.v1, key = item id):
 * accepted (受理), returned (退单, with the reason — the router re-dispatches), closed (办结); and what the city
 * platform decides about a ticket in triage: dispatched (人工派单, with the assignment and the dispatcher's note);
 * and what a citizen said of a closed round in a follow-up call (回访): rated (好差评, with the rating and comment).
 */
/** Strict: the router refuses a field it does not know rather than carry it (an event it did not expect). */
export const feedbackV1Schema = z
  .strictObject({
    schemaVersion: z.literal(1),
    eventId: z.string().min(8).max(64).describe('unique per event; a re-sent event is recognised by it'),
    itemId: z.string().regex(/^ap_[0-9a-f]{32}$/),
    decisionRevision: z.number().int().positive().describe('the decision the unit is answering'),
    kind: z.enum(FEEDBACK_KINDS),
    department: z
      .string()
      .min(1)
      .describe('department code of the unit that answers; for dispatched, the lead department assigned'),
    unitName: z.string().optional(),
    reason: z.string().max(2000).optional().describe("the return's reason, or the dispatcher's note"),
    assignment: assignmentSchema.optional().describe('dispatched only: the manual routing decision'),
    rating: ratingSchema.optional().describe("rated only: the citizen's verdict on the closed decision"),
    comment: z.string().max(2000).optional().describe("rated only: the citizen's words, PII masked"),
    actor: z.string().min(1).describe('who decided, as the downstream system knows them'),
    at: isoDateTime,
  })
  .refine((f) => f.kind !== 'returned' || !!f.reason?.trim(), {
    message: 'a returned ticket needs a reason',
    path: ['reason'],
  })
  .refine((f) => (f.kind === 'dispatched') === !!f.assignment, {
    message: 'a dispatched event carries an assignment, and only a dispatched event does',
    path: ['assignment'],
  })
  .refine((f) => (f.kind === 'rated') === !!f.rating, {
    message: 'a rated event carries a rating, and only a rated event does',
    path: ['rating'],
  })
  .refine((f) => f.kind === 'rated' || f.comment === undefined, {
    message: 'only a rated event carries a comment',
    path: ['comment'],
  })
  .refine((f) => f.kind !== 'dispatched' || !!f.reason?.trim(), {
    message: 'a manual dispatch needs a note',
    path: ['reason'],
  })
  .refine((f) => f.kind !== 'dispatched' || f.department === f.assignment?.lead, {
    message: 'for dispatched, department is the lead department assigned',
    path: ['department'],
  })
  .meta({
    id: 'FeedbackV1',
    title: 'Feedback v1',
    description:
      "A handling unit accepting, returning (退单) or closing a ticket, the city platform dispatching one from triage (人工派单), or a follow-up call (回访) recording the citizen's rating (好差评) of a closed ticket.",
  });

export type FeedbackV1 = z.infer<typeof feedbackV1Schema>;
