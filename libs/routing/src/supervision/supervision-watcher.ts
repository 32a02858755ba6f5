import { type SupervisionEventV1 } from '@minsheng/shared/contracts';
import { type WorkingCalendar } from '../calendar';
import { eventsDue, type SupervisionPolicy, supervisionInstants } from './supervision-policy';
import { type SupervisionRepository, type WatchedTicket } from './supervision.repository';

export interface SupervisionSettings extends SupervisionPolicy {
  /** The city's supervision office, which follows county-level units' overdue tickets. */
  cityOffice: string;
  /** Tickets looked at per pass; the rest wait for the next one (soonest deadlines first). */
  batchSize: number;
}

export interface TickResult {
  looked: number;
  recorded: { due_soon: number; overdue: number; escalated: number };
}

/** Days searched ahead for due-soon tickets beyond the policy's working days: the longest holiday run plus slack. */
const HORIZON_SLACK_DAYS = 14;
const DAY_MS = 86_400_000;

/** Escalation goes one level up: a town office's ticket to its county's supervision office, a county's to the city. */
export function supervisionOffice(
  lead: WatchedTicket['lead'],
  countyName: string | null,
  cityOffice: string,
) {
  if (lead.level === 'town' && countyName)
    return { level: 'county' as const, unitName: `${countyName}人民政府督查室` };
  return { level: 'city' as const, unitName: cityOffice };
}

/**
 * 督办: one pass of the deadline watch at `now`. Any number of watchers may run (router replicas): each event is
 * recorded once per ticket decision (a unique key) together with its outbox row, so a second watcher, a restart or
 * a re-run announces nothing twice.
 */
export class SupervisionWatcher {
  constructor(
    private readonly repo: SupervisionRepository,
    private readonly calendar: () => Promise<WorkingCalendar>,
    private readonly settings: SupervisionSettings,
  ) {}

  async tick(now: Date): Promise<TickResult> {
    const calendar = await this.calendar();
    const horizon = new Date(
      now.getTime() + (this.settings.dueSoonWorkingDays + HORIZON_SLACK_DAYS) * DAY_MS,
    );
    const result: TickResult = { looked: 0, recorded: { due_soon: 0, overdue: 0, escalated: 0 } };
    // Page by page to the end: overdue tickets waiting for their escalation must not crowd out later deadlines.
    for (let after: WatchedTicket | undefined; ;) {
      const page = await this.repo.watched(horizon, this.settings.batchSize, after);
      const recorded = await this.repo.record(await this.eventsOf(page, calendar, now));
      result.looked += page.length;
      for (const e of recorded) result.recorded[e.kind] += 1;
      if (page.length < this.settings.batchSize) return result;
      after = page[page.length - 1];
    }
  }

  private async eventsOf(
    tickets: WatchedTicket[],
    calendar: WorkingCalendar,
    now: Date,
  ): Promise<SupervisionEventV1[]> {
    const events: SupervisionEventV1[] = [];
    for (const t of tickets) {
      const instants = supervisionInstants(t.dueAt, calendar, this.settings);
      for (const due of eventsDue(instants, now, new Set(t.announced))) {
        const escalated = due.kind === 'escalated';
        events.push({
          schemaVersion: 1,
          eventId: `sup_${t.itemId.slice(3)}_${t.decisionRevision}_${due.kind}`,
          kind: due.kind,
          itemId: t.itemId,
          decisionRevision: t.decisionRevision,
          dueAt: t.dueAt.toISOString(),
          at: due.at.toISOString(),
          detectedAt: now.toISOString(),
          county: { code: t.countyCode ?? undefined, name: t.countyName ?? undefined },
          lead: { department: t.lead.department, unitName: t.lead.unitName, level: t.lead.level },
          grade: t.grade,
          ...(escalated
            ? {
                escalatedTo: supervisionOffice(t.lead, t.countyName, this.settings.cityOffice),
                history: await this.repo.history(t.itemId),
              }
            : {}),
        });
      }
    }
    return events;
  }
}
