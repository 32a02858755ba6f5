import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { z } from 'zod';
import { type Assignment, gradeSchema, TRIAGE_REASONS } from '@minsheng/shared/contracts';
import { DATA_SOURCE } from '@minsheng/shared/runtime';
import { actorOf, type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { FeedbackPublisher } from '../kafka/feedback-publisher';
import {
  checkTicketId,
  countyCode,
  listTickets,
  oneOrMore,
  ticketFiltersSchema,
  type TicketPage,
  townCode,
  villageCode,
} from '../tickets/ticket-list';
import { checkDecisionCurrent, type EventAccepted, submitFeedback } from '../tickets/ticket-feedback';
import { TicketsRepository } from '../tickets/tickets.repository';

export const triageQuerySchema = ticketFiltersSchema
  .extend({
    reason: oneOrMore([...TRIAGE_REASONS])
      .optional()
      .describe('why the router could not decide, e.g. no_jurisdiction,ambiguous_jurisdiction'),
  })
  .strict();

export const manualDecisionBodySchema = z
  .object({
    jurisdiction: z
      .object({
        county: countyCode,
        town: townCode.optional(),
        village: villageCode.optional(),
      })
      .strict(),
    lead: z.string().min(1).max(100).describe('lead department code'),
    co: z.array(z.string().min(1).max(100)).max(20).default([]).describe('co-handling department codes'),
    grade: gradeSchema.describe('urgent and simple: 2 working days, general 5, complex 15'),
    note: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .describe("the dispatcher's note, kept in the decision's explanation"),
    decisionRevision: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('the triage decision you saw; 409 when the ticket has moved on since'),
  })
  .strict();

export type ManualDecisionBody = z.infer<typeof manualDecisionBodySchema>;

/**
 * The city platform's triage queue (人工分拨): tickets the router could not decide, oldest first, and the manual
 * decision, which goes to the router through Kafka like any other feedback (docs/decisions/010-manual-dispatch.md).
 */
@Injectable()
export class TriageService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly tickets: TicketsRepository,
    private readonly publisher: FeedbackPublisher,
  ) {}

  list(q: z.infer<typeof triageQuerySchema>, caller: Principal): Promise<TicketPage> {
    return listTickets(this.db, caller, { ...q, status: ['triage'] }, 'asc');
  }

  async decide(
    id: string,
    b: ManualDecisionBody,
    caller: Principal,
    idempotencyKey: string | undefined,
  ): Promise<EventAccepted> {
    checkTicketId(id);
    const request = { id, caller, idempotencyKey, action: 'triage.decision', body: b };
    return submitFeedback(
      { db: this.db, tickets: this.tickets, publisher: this.publisher },
      request,
      async (head, eventId) => {
        const errors = await this.referenceErrors(b);
        if (errors.length) throw new ApiError('invalid_request', errors.join('; '), HttpStatus.BAD_REQUEST);
        // What we can already see: someone decided first, or the ticket moved on. Otherwise the router checks again.
        checkDecisionCurrent(head, b.decisionRevision);
        if (head.status !== 'triage')
          throw new ApiError(
            'conflict',
            `the ticket is no longer in triage: decision ${head.decisionRevision} is ${head.status}`,
            HttpStatus.CONFLICT,
          );
        const assignment: Assignment = {
          county: b.jurisdiction.county,
          town: b.jurisdiction.town,
          village: b.jurisdiction.village,
          lead: b.lead,
          co: b.co,
          grade: b.grade,
        };
        return {
          schemaVersion: 1,
          eventId,
          itemId: id,
          decisionRevision: head.decisionRevision,
          kind: 'dispatched',
          department: b.lead,
          reason: b.note,
          assignment,
          actor: actorOf(caller),
          at: new Date().toISOString(),
        };
      },
    );
  }

  /** Every code named must exist where it says, and every unit must be nameable at the place given. */
  private async referenceErrors(b: ManualDecisionBody): Promise<string[]> {
    const j = b.jurisdiction;
    const codes = [j.county, j.town, j.village].filter((c): c is string => !!c);
    const depts = [b.lead, ...b.co];
    const [divisions, departments] = await Promise.all([
      this.tickets.divisions(codes),
      this.tickets.departments(depts),
    ]);
    const div = new Map(divisions.map((d) => [d.code, d]));
    const dept = new Map(departments.map((d) => [d.code, d]));
    const errors: string[] = [];
    const county = div.get(j.county);
    if (county?.level !== 'county') errors.push(`jurisdiction.county: no county ${j.county}`);
    if (j.town) {
      const town = div.get(j.town);
      if (town?.level !== 'town') errors.push(`jurisdiction.town: no town ${j.town}`);
      else if (town.parent_code !== j.county)
        errors.push(`jurisdiction.town: ${j.town} is not in county ${j.county}`);
    }
    if (j.village) {
      const village = div.get(j.village);
      if (!j.town) errors.push('jurisdiction.town: a village needs its town');
      if (village?.level !== 'village') errors.push(`jurisdiction.village: no village ${j.village}`);
      else if (j.town && village.parent_code !== j.town)
        errors.push(`jurisdiction.village: ${j.village} is not in town ${j.town}`);
    }
    // 属地管理 as the router applies it: the county unit by default, the city unit for city-only departments;
    // a department with units only in towns (the town/street office) needs the town.
    const placeable = (code: string, field: string) => {
      const d = dept.get(code);
      if (!d) errors.push(`${field}: no department ${code}`);
      else if (!d.levels.includes('county') && !d.levels.includes('city') && !j.town)
        errors.push(`${field}: ${code} has units only in towns; give jurisdiction.town`);
    };
    placeable(b.lead, 'lead');
    b.co.forEach((c, i) => {
      if (c === b.lead) errors.push(`co.${i}: ${c} is the lead`);
      else if (b.co.indexOf(c) !== i) errors.push(`co.${i}: ${c} is named twice`);
      else placeable(c, `co.${i}`);
    });
    return errors;
  }
}
