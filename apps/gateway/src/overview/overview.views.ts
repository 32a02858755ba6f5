import { z } from 'zod';
import { view } from '../common/api-views';

const day = z.string().describe('a Shanghai calendar day, YYYY-MM-DD');
const named = z.object({ code: z.string(), name: z.string(), tickets: z.number().int() });

export const overviewView = view(
  'Overview',
  z.object({
    at: z.string().describe('ISO 8601 date-time the figures were read'),
    today: day,
    days: z.number().int().describe('how many days the series cover, today included'),
    received: z.object({
      today: z.number().int().describe('items first received today (Shanghai), every channel'),
      routedAuto: z.number().int().describe('of the tickets received today, those the router decided itself'),
      triaged: z.number().int().describe('of the tickets received today, those that went to triage'),
    }),
    triageQueue: z.number().int().describe('tickets waiting in triage now'),
    overdue: z.number().int().describe('open tickets (routed or accepted) past their due time'),
    connectors: z.object({
      total: z.number().int(),
      degraded: z.number().int().describe('instances degraded or failed'),
      paused: z.number().int().describe('instances paused or stopped'),
    }),
    itemsByDay: z
      .array(z.object({ day, channel: z.string(), items: z.number().int() }))
      .describe('items first received per day and channel (days without items are absent)'),
    decisionsByDay: z
      .array(z.object({ day, auto: z.number().int(), triage: z.number().int() }))
      .describe('tickets per day of receipt, by how they were first decided'),
    triageReasons: z.array(z.object({ reason: z.string(), tickets: z.number().int() })),
    counties: z.array(named).describe('tickets received in the period by county, most first'),
    departments: z
      .array(named)
      .describe('tickets received in the period by lead department, most first (top 10)'),
  }),
);
export type Overview = z.infer<typeof overviewView>;
