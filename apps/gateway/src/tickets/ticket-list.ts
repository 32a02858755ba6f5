import { HttpStatus } from '@nestjs/common';
import { z } from 'zod';
import { channelSchema, GRADES, type RoutedTicketV1, type TriageReason } from '@minsheng/shared/contracts';
import { TICKET_STATUSES, type TicketStatus } from '@minsheng/shared/db';
import { ApiError } from '../common/api-error';

export const MAX_PAGE = 200;

/** `a,b` or `a` → ['a', 'b']: one filter may name several values (status=routed,accepted). */
export function oneOrMore<T extends [string, ...string[]]>(values: T) {
  return z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()))
    .pipe(z.array(z.enum(values)).min(1));
}

const dateTime = z.iso.datetime({ offset: true });

/** Division codes, as the ticket filters and the manual decision's jurisdiction take them. */
export const countyCode = z.string().regex(/^\d{6}$/, 'a 6-digit county code');
export const townCode = z.string().regex(/^\d{9}$/, 'a 9-digit town code');
export const villageCode = z.string().regex(/^\d{12}$/, 'a 12-digit village code');

export const ticketFiltersSchema = z.object({
  county: countyCode.optional(),
  town: townCode.optional(),
  village: villageCode.optional(),
  department: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('department code: tickets it leads or co-handles'),
  grade: oneOrMore([...GRADES]).optional(),
  channel: channelSchema.optional(),
  receivedFrom: dateTime.optional().describe('received at or after'),
  receivedTo: dateTime.optional().describe('received before'),
  updatedSince: dateTime.optional().describe('head changed (decision or status) at or after'),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
});

export const ticketListQuerySchema = ticketFiltersSchema
  .extend({ status: oneOrMore([...TICKET_STATUSES]).optional() })
  .strict();

export type TicketFilters = z.infer<typeof ticketFiltersSchema> & {
  status?: TicketStatus[];
  reason?: TriageReason[];
  /** 办理不满意专区: only tickets whose current decision re-opened them after a 不满意 rating. */
  reopened?: boolean;
  /** 回访: only closed tickets in this sample (share, by a hash of the item id) with no rating for their round. */
  followUpRate?: number;
};

/** One ticket as lists show it: the head (current state) and the body of its current decision. */
export interface TicketSummary {
  id: string;
  revision: number;
  decisionRevision: number;
  status: TicketStatus;
  mode: 'auto' | 'triage';
  reason: string | null;
  channel: string;
  jurisdiction: { county: string | null; town: string | null; village: string | null };
  leadDepartment: string | null;
  departments: string[];
  grade: string;
  dueAt: string | null;
  receivedAt: string;
  updatedAt: string;
  ticket: RoutedTicketV1;
}

export interface TicketPage {
  tickets: TicketSummary[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

export { headInScope, listTickets, summaryOf } from './ticket-heads.repository';

/** Out of scope answers exactly like missing, so a key cannot probe which ids exist elsewhere. */
export function ticketNotFound(id: string): ApiError {
  return new ApiError('not_found', `no ticket ${id}`, HttpStatus.NOT_FOUND);
}

export function checkTicketId(id: string): void {
  if (!/^ap_[0-9a-f]{32}$/.test(id))
    throw new ApiError(
      'invalid_request',
      'ticket id must be ap_ followed by 32 hex digits',
      HttpStatus.BAD_REQUEST,
    );
}
