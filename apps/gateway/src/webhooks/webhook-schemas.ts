import { z } from 'zod';
import { channelSchema, GRADES } from '@minsheng/shared/contracts';
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_EVENTS } from '@minsheng/shared/db';

const filtersSchema = z
  .strictObject({
    counties: z
      .array(z.string().regex(/^\d{6}$/, 'county codes are 6-digit division codes'))
      .max(20)
      .default([])
      .describe("county codes, each within the key's counties; empty = every county the key may see"),
    departments: z
      .array(z.string().min(1).max(100))
      .max(50)
      .default([])
      .describe("lead or co-handling department codes, each within the key's departments; empty = all"),
    grades: z.array(z.enum(GRADES)).max(GRADES.length).default([]).describe('empty = every grade'),
    channels: z.array(channelSchema).max(50).default([]).describe('intake channels; empty = every channel'),
  })
  .describe(
    'Each list narrows what is delivered; a value outside the key scope is refused (400 out_of_scope)',
  );

const events = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1)
  .max(WEBHOOK_EVENTS.length)
  .describe(
    'ticket.routed: a decision sent to a department (appeal.routed.v1); ticket.triage: a decision left to the triage desk (appeal.triage.v1). Every decision revision (re-dispatch after a return, an updated appeal) is a new event. ticket.accepted / ticket.closed: a handling unit accepted (受理) or closed (办结) the current decision (appeal.feedback.v1), at most one of each per decision revision; the body carries the feedback and the ticket it answers. ticket.due_soon / ticket.overdue / ticket.escalated: 督办 (appeal.supervision.v1). ticket.reopened: a decision re-opening a closed ticket after a 不满意 rating (also a ticket.routed). hotspot.detected: a topic rising in a county or town (热点, appeal.hotspots.v1), body {hotspot}; the county and department filters apply to its place and department topic, grade and channel filters do not. Omitted on create: every event.',
  );

export const createWebhookSchema = z.strictObject({
  url: z.string().max(2000).describe('http(s) target; receives POSTs signed like push intake'),
  description: z.string().trim().max(500).optional(),
  events: events.default([...WEBHOOK_EVENTS]),
  filters: filtersSchema.default({ counties: [], departments: [], grades: [], channels: [] }),
  active: z.boolean().default(true),
});

export const updateWebhookSchema = z
  .strictObject({
    url: z.string().max(2000).optional(),
    description: z.string().trim().max(500).nullable().optional(),
    events: events.optional(),
    filters: filtersSchema.optional().describe('replaces all four lists'),
    active: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const listQuerySchema = z.object({
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const deliveriesQuerySchema = listQuerySchema.extend({
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
});

export type WebhookFilters = z.infer<typeof filtersSchema>;
export type CreateWebhook = z.infer<typeof createWebhookSchema>;
export type UpdateWebhook = z.infer<typeof updateWebhookSchema>;
