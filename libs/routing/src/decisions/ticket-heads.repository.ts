import { type EntityManager } from 'typeorm';
import { type FeedbackV1, type RoutedTicketV1 } from '@minsheng/shared/contracts';

/**
 * Moves each item's head to its newest decision. Decision revisions only grow per item, so an older one arriving late
 * (a re-read) never overwrites a newer head.
 */
export async function upsertTicketHeads(tx: EntityManager, tickets: RoutedTicketV1[]): Promise<void> {
  if (!tickets.length) return;
  // One row per item: a batch can hold an item's revision 1 and 2; the later decision wins.
  const newest = new Map<string, RoutedTicketV1>();
  for (const t of tickets) {
    const seen = newest.get(t.item.id);
    if (!seen || seen.decisionRevision < t.decisionRevision) newest.set(t.item.id, t);
  }
  await tx.query(
    `INSERT INTO ticket_heads (${TICKET_HEAD_COLUMNS})
     SELECT ${TICKET_HEAD_VALUES} FROM ${ticketHeadRows(1)}
     ${TICKET_HEAD_CONFLICT}`,
    ticketHeadParams([...newest.values()]),
  );
}

/** The columns upsertTicketHeads writes; with the three pieces below, the router's one-statement write uses them. */
export const TICKET_HEAD_COLUMNS = `item_id, item_revision, decision_revision, status, mode, reason, channel, county_code,
  town_code, village_code, lead_department, departments, grade, due_at, submitted_at, received_at, decided_at,
  reopen_count, updated_at`;

export const TICKET_HEAD_VALUES = `u.id, u.rev, u.drev, u.status, u.mode, u.reason, u.channel, u.county, u.town,
  u.village, u.lead, u.departments::text[], u.grade, u.due, u.submitted, u.received, u.decided, u.reopen, now()`;

/**
 * The 18 parameters of ticketHeadParams as rows `u`, numbered from $first; `withOrigin` adds three more, the
 * origin (topic, part, off) of each ticket's decision.
 */
export function ticketHeadRows(first: number, withOrigin = false): string {
  const types = ['text', 'int', 'int', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text']
    .concat(['text', 'timestamptz', 'timestamptz', 'timestamptz', 'timestamptz', 'int'])
    .concat(withOrigin ? ['text', 'int', 'bigint'] : [])
    .map((type, i) => `$${first + i}::${type}[]`);
  return `unnest(${types.join(', ')})
       AS u(id, rev, drev, status, mode, reason, channel, county, town, village, lead, departments, grade, due,
         submitted, received, decided, reopen${withOrigin ? ', topic, part, off' : ''})`;
}

/** Decision revisions only grow per item, so an older one arriving late (a re-read) never overwrites a newer head. */
export const TICKET_HEAD_CONFLICT = `ON CONFLICT (item_id) DO UPDATE SET item_revision = EXCLUDED.item_revision,
       decision_revision = EXCLUDED.decision_revision, status = EXCLUDED.status, mode = EXCLUDED.mode,
       reason = EXCLUDED.reason, channel = EXCLUDED.channel, county_code = EXCLUDED.county_code,
       town_code = EXCLUDED.town_code, village_code = EXCLUDED.village_code,
       lead_department = EXCLUDED.lead_department, departments = EXCLUDED.departments, grade = EXCLUDED.grade,
       due_at = EXCLUDED.due_at, submitted_at = EXCLUDED.submitted_at, received_at = EXCLUDED.received_at,
       decided_at = EXCLUDED.decided_at, reopen_count = EXCLUDED.reopen_count, updated_at = now()
     WHERE ticket_heads.decision_revision < EXCLUDED.decision_revision`;

/** One array per column of ticketHeadRows, one element per ticket. */
export function ticketHeadParams(t: RoutedTicketV1[]): unknown[] {
  const codes = t.map((x) => x.decision.jurisdiction.codes);
  return [
    t.map((x) => x.item.id),
    t.map((x) => x.item.revision),
    t.map((x) => x.decisionRevision),
    t.map((x) => (x.decision.mode === 'auto' ? 'routed' : 'triage')),
    t.map((x) => x.decision.mode),
    t.map((x) => x.decision.reason ?? null),
    t.map((x) => x.item.channel),
    codes.map((c) => c.county ?? null),
    codes.map((c) => c.town ?? null),
    codes.map((c) => c.village ?? null),
    t.map((x) => x.decision.lead?.department ?? null),
    // A text[][] parameter would need equal lengths; a PostgreSQL array literal per row keeps them ragged.
    t.map((x) => arrayLiteral([x.decision.lead?.department, ...x.decision.co.map((c) => c.department)])),
    t.map((x) => x.decision.grade),
    t.map((x) => x.decision.dueAt ?? null),
    t.map((x) => x.item.submittedAt),
    t.map((x) => x.item.receivedAt),
    t.map((x) => x.decision.decidedAt),
    t.map((x) => x.decision.reopen?.count ?? 0),
  ];
}

/** Accepted (受理) and closed (办结) change the head's status when they answer its current decision. */
export async function markFeedbackOnHeads(tx: EntityManager, events: FeedbackV1[]): Promise<void> {
  for (const f of events) {
    if (f.kind !== 'accepted' && f.kind !== 'closed') continue;
    await tx.query(
      `UPDATE ticket_heads SET status = $3, updated_at = now()
       WHERE item_id = $1 AND decision_revision = $2 AND mode = 'auto' AND status <> 'closed'`,
      [f.itemId, f.decisionRevision, f.kind],
    );
  }
}

function arrayLiteral(values: (string | undefined)[]): string {
  const present = [...new Set(values.filter((v): v is string => !!v))];
  return `{${present.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
