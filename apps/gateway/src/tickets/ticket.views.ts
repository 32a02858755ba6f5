import { z } from 'zod';
import {
  decisionSchema,
  FEEDBACK_KINDS,
  publishedItemSchema,
  routedTicketV1Schema,
} from '@minsheng/shared/contracts';
import { TICKET_STATUSES } from '@minsheng/shared/db';
import { view } from '../common/api-views';
import { ticketRatingView } from '../ratings/rating.views';

const isoTime = z.string().describe('ISO 8601 date-time');

view('PublishedAppealItemV1', publishedItemSchema);
export const routedTicketView = view('RoutedTicketV1', routedTicketV1Schema);

export const ticketSummaryView = view(
  'TicketSummary',
  z.object({
    id: z.string(),
    revision: z.number().int().describe('the item revision the current decision is about'),
    decisionRevision: z.number().int(),
    status: z.enum(TICKET_STATUSES),
    mode: z.enum(['auto', 'triage']),
    reason: z.string().nullable().describe('why it is in triage'),
    channel: z.string(),
    jurisdiction: z.object({
      county: z.string().nullable(),
      town: z.string().nullable(),
      village: z.string().nullable(),
    }),
    leadDepartment: z.string().nullable(),
    departments: z.array(z.string()).describe('lead and co-handling departments'),
    grade: z.string(),
    dueAt: isoTime.nullable(),
    receivedAt: isoTime,
    updatedAt: isoTime,
    ticket: routedTicketView,
  }),
);

export const ticketPageView = view(
  'TicketPage',
  z.object({
    tickets: z.array(ticketSummaryView),
    nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last'),
  }),
);

const decision = decisionSchema.shape;

export const ticketView = view(
  'Ticket',
  z.object({
    id: z.string(),
    revision: z.number().int().describe('the item revision the current decision is about'),
    decisionRevision: z.number().int(),
    status: z.enum(TICKET_STATUSES),
    updatedAt: isoTime,
    ticket: routedTicketView,
    trace: z
      .array(
        z.object({
          decisionRevision: z.number().int(),
          itemRevision: z.number().int(),
          madeBy: z.enum(['item', 'feedback']).describe('a revision of the item, or a feedback event'),
          mode: decision.mode,
          reason: decision.reason.unwrap().nullable(),
          jurisdiction: decision.jurisdiction,
          lead: decision.lead.unwrap().nullable(),
          co: z.array(decision.lead.unwrap()),
          grade: decision.grade,
          dueAt: isoTime.nullable(),
          workingDays: z.number().int().nullable(),
          returnedBy: z.array(z.string()),
          duplicateOf: z.string().nullable(),
          explanation: z.array(z.string()),
          matchedRules: z.array(z.string()),
          ruleSetVersion: z.number().int(),
          decidedAt: isoTime,
        }),
      )
      .describe('every decision revision, oldest first'),
    revisions: z.array(z.object({ revision: z.number().int(), receivedAt: isoTime, decided: z.boolean() })),
    feedback: z.array(
      z.object({
        eventId: z.string(),
        decisionRevision: z.number().int(),
        kind: z.enum(FEEDBACK_KINDS).describe('rated: a follow-up call (回访) recorded a 好差评'),
        department: z.string(),
        reason: z.string().nullable(),
        actor: z.string(),
        at: isoTime,
      }),
    ),
    ratings: z
      .array(ticketRatingView)
      .describe('好差评, one per rated round (decision revision), oldest first'),
  }),
);

export const eventAcceptedView = view(
  'EventAccepted',
  z.object({
    eventId: z.string(),
    itemId: z.string(),
    decisionRevision: z.number().int(),
    duplicate: z
      .boolean()
      .describe("true: this Idempotency-Key's event was already applied; nothing published"),
  }),
);
