import { Inject, Injectable } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { type SupervisionEventV1, type SupervisionKind, TOPICS } from '@minsheng/shared/contracts';

type AssignedUnit = SupervisionEventV1['lead'];
import { DATA_SOURCE } from '@minsheng/shared/runtime';

/** An open routed ticket the watch looks at, with the events already announced for its current decision. */
export interface WatchedTicket {
  itemId: string;
  decisionRevision: number;
  dueAt: Date;
  countyCode: string | null;
  countyName: string | null;
  grade: string;
  lead: AssignedUnit;
  announced: SupervisionKind[];
}

export interface SupervisionEntry {
  itemId: string;
  decisionRevision: number;
  kind: SupervisionKind;
  dueAt: Date;
  at: Date;
  countyCode: string | null;
  department: string;
  unitName: string;
  status: string;
}

export interface QueueFilter {
  kinds: SupervisionKind[];
  counties?: string[];
  departments?: string[];
  limit: number;
}

/** supervision_events (one writer: the watch) and what the watch reads of ticket_heads and routing_decisions. */
@Injectable()
export class SupervisionRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  /**
   * Open routed tickets due before `horizon` whose current decision has not been escalated yet, soonest first, a page
   * of `limit` after the (due, item) key `after`.
   */
  async watched(
    horizon: Date,
    limit: number,
    after?: { dueAt: Date; itemId: string },
  ): Promise<WatchedTicket[]> {
    const rows = await this.db.query<
      {
        item_id: string;
        decision_revision: number;
        due_at: Date;
        county_code: string | null;
        county_name: string | null;
        grade: string;
        lead: AssignedUnit;
        announced: SupervisionKind[] | null;
      }[]
    >(
      `SELECT h.item_id, h.decision_revision, h.due_at, h.county_code, h.grade,
              d.ticket->'decision'->'jurisdiction'->>'county' AS county_name, d.ticket->'decision'->'lead' AS lead,
              (SELECT array_agg(e.kind) FROM supervision_events e
                WHERE e.item_id = h.item_id AND e.decision_revision = h.decision_revision) AS announced
       FROM ticket_heads h
       JOIN routing_decisions d ON d.item_id = h.item_id AND d.decision_revision = h.decision_revision
       WHERE h.mode = 'auto' AND h.status IN ('routed', 'accepted') AND h.due_at IS NOT NULL AND h.due_at <= $1
         AND d.ticket->'decision'->'lead' IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM supervision_events e WHERE e.item_id = h.item_id
                           AND e.decision_revision = h.decision_revision AND e.kind = 'escalated')
         AND ($3::timestamptz IS NULL OR (h.due_at, h.item_id) > ($3::timestamptz, $4::text))
       ORDER BY h.due_at, h.item_id LIMIT $2`,
      [horizon, limit, after?.dueAt ?? null, after?.itemId ?? null],
    );
    return rows.map((r) => ({
      itemId: r.item_id,
      decisionRevision: r.decision_revision,
      dueAt: new Date(r.due_at),
      countyCode: r.county_code,
      countyName: r.county_name,
      grade: r.grade,
      lead: r.lead,
      announced: r.announced ?? [],
    }));
  }

  /** Every decision of an item, oldest first: what an escalation carries to the next level. */
  async history(itemId: string): Promise<NonNullable<SupervisionEventV1['history']>> {
    const rows = await this.db.query<
      {
        decision_revision: number;
        mode: string;
        department: string | null;
        unit_name: string | null;
        decided_at: string;
      }[]
    >(
      `SELECT decision_revision, mode, department_code AS department, ticket->'decision'->'lead'->>'unitName' AS unit_name,
              ticket->'decision'->>'decidedAt' AS decided_at
       FROM routing_decisions WHERE item_id = $1 ORDER BY decision_revision`,
      [itemId],
    );
    return rows.map((r) => ({
      decisionRevision: r.decision_revision,
      mode: r.mode,
      department: r.department,
      unitName: r.unit_name,
      decidedAt: r.decided_at,
    }));
  }

  /**
   * Records events and their outbox rows in one transaction. An event another replica (or an earlier run) already
   * recorded is skipped, and so is its outbox row: each event reaches Kafka once. Returns the events recorded here.
   */
  async record(events: SupervisionEventV1[]): Promise<SupervisionEventV1[]> {
    if (!events.length) return [];
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<{ item_id: string; decision_revision: number; kind: SupervisionKind }[]>(
        `INSERT INTO supervision_events (item_id, decision_revision, kind, due_at, at, county_code, department, unit_name, event)
         SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[],
           $7::text[], $8::text[], $9::jsonb[])
         ON CONFLICT (item_id, decision_revision, kind) DO NOTHING
         RETURNING item_id, decision_revision, kind`,
        [
          events.map((e) => e.itemId),
          events.map((e) => e.decisionRevision),
          events.map((e) => e.kind),
          events.map((e) => e.dueAt),
          events.map((e) => e.at),
          events.map((e) => e.county.code ?? null),
          events.map((e) => e.lead.department),
          events.map((e) => e.lead.unitName),
          events.map((e) => JSON.stringify(e)),
        ],
      );
      const inserted = new Set(rows.map((r) => `${r.item_id}#${r.decision_revision}#${r.kind}`));
      const recorded = events.filter((e) => inserted.has(`${e.itemId}#${e.decisionRevision}#${e.kind}`));
      if (recorded.length)
        await tx.query(
          `INSERT INTO outbox (topic, message_key, payload, headers)
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::jsonb[])`,
          [
            TOPICS.supervision,
            recorded.map((e) => e.itemId),
            recorded.map((e) => JSON.stringify(e)),
            recorded.map((e) => JSON.stringify({ kind: e.kind, eventId: e.eventId })),
          ],
        );
      return recorded;
    });
  }

  /**
   * The supervision queue: for each ticket still open on the decision an event was about, its latest event (due
   * soon, then overdue, then escalated), grouped by unit and soonest deadline first.
   */
  async queue(f: QueueFilter): Promise<SupervisionEntry[]> {
    const rows = await this.db.query<
      {
        item_id: string;
        decision_revision: number;
        kind: SupervisionKind;
        due_at: Date;
        at: Date;
        county_code: string | null;
        department: string;
        unit_name: string;
        status: string;
      }[]
    >(
      `SELECT * FROM (
         SELECT DISTINCT ON (e.item_id, e.decision_revision) e.item_id, e.decision_revision, e.kind, e.due_at, e.at,
                e.county_code, e.department, e.unit_name, h.status, h.departments
         FROM supervision_events e
         JOIN ticket_heads h ON h.item_id = e.item_id AND h.decision_revision = e.decision_revision
         WHERE h.status IN ('routed', 'accepted')
         ORDER BY e.item_id, e.decision_revision, e.at DESC
       ) q
       WHERE q.kind = ANY($1::text[])
         AND ($2::text[] IS NULL OR q.county_code = ANY($2::text[]))
         AND ($3::text[] IS NULL OR q.departments && $3::text[])
       ORDER BY q.department, q.unit_name, q.due_at, q.item_id LIMIT $4`,
      [f.kinds, f.counties ?? null, f.departments ?? null, f.limit],
    );
    return rows.map((r) => ({
      itemId: r.item_id,
      decisionRevision: r.decision_revision,
      kind: r.kind,
      dueAt: new Date(r.due_at),
      at: new Date(r.at),
      countyCode: r.county_code,
      department: r.department,
      unitName: r.unit_name,
      status: r.status,
    }));
  }
}
