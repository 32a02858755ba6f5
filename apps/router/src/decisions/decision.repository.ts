import { type DataSource } from 'typeorm';
import { type DeadLetterV1, type RoutedTicketV1 } from '@minsheng/shared/contracts';

export interface DecisionToStore {
  ticket: RoutedTicketV1;
  partition: number;
  offset: string;
}

export interface StoredDecision {
  itemId: string;
  itemRevision: number;
  ticket: RoutedTicketV1;
  sourcePartition: number;
  sourceOffset: string;
}

/** PostgreSQL side of routing: one decision per (item, revision, decision revision), dead letters by origin. */
export class DecisionRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Inserts what is new and returns what is stored for every key, first writer winning. A caller compares the
   * stored source offset with its own message to tell a re-delivery of the same message from a duplicate message.
   */
  async storeAll(
    decisions: DecisionToStore[],
    deadLetters: DeadLetterV1[],
  ): Promise<Map<string, StoredDecision>> {
    return this.db.transaction(async (tx): Promise<Map<string, StoredDecision>> => {
      if (decisions.length) {
        const t = decisions.map((d) => d.ticket);
        await tx.query(
          `INSERT INTO routing_decisions (item_id, item_revision, decision_revision, mode, reason, county_code, department_code,
             grade, due_at, rule_set_version, ticket, source_partition, source_offset)
           SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
             $9::timestamptz[], $10::int[], $11::jsonb[], $12::int[], $13::bigint[])
           ON CONFLICT (item_id, item_revision, decision_revision) DO NOTHING`,
          [
            t.map((x) => x.item.id),
            t.map((x) => x.item.revision),
            t.map((x) => x.decisionRevision),
            t.map((x) => x.decision.mode),
            t.map((x) => x.decision.reason ?? null),
            t.map((x) => x.decision.jurisdiction.codes.county ?? null),
            t.map((x) => x.decision.lead?.department ?? null),
            t.map((x) => x.decision.grade),
            t.map((x) => x.decision.dueAt ?? null),
            t.map((x) => x.decision.ruleSetVersion),
            t.map((x) => JSON.stringify(x)),
            decisions.map((d) => d.partition),
            decisions.map((d) => d.offset),
          ],
        );
      }
      for (const l of deadLetters) {
        await tx.query(
          `INSERT INTO dead_letters (stage, reason_code, reason, topic, partition, "offset", message_key, payload)
           VALUES ('router', $1, $2, $3, $4, $5, $6, $7) ON CONFLICT (topic, partition, "offset") DO NOTHING`,
          [
            l.reasonCode,
            l.reason,
            l.origin.topic ?? null,
            l.origin.partition ?? null,
            l.origin.offset ?? null,
            l.origin.key ?? null,
            l.payload,
          ],
        );
      }
      if (!decisions.length) return new Map<string, StoredDecision>();
      const rows = await tx.query<
        {
          item_id: string;
          item_revision: number;
          ticket: RoutedTicketV1;
          source_partition: number;
          source_offset: string;
        }[]
      >(
        `SELECT item_id, item_revision, ticket, source_partition, source_offset FROM routing_decisions
         WHERE (item_id, item_revision) IN (SELECT * FROM unnest($1::text[], $2::int[])) AND decision_revision = 1`,
        [decisions.map((d) => d.ticket.item.id), decisions.map((d) => d.ticket.item.revision)],
      );
      return new Map(
        rows.map((r) => [
          decisionKey(r.item_id, r.item_revision),
          {
            itemId: r.item_id,
            itemRevision: r.item_revision,
            ticket: r.ticket,
            sourcePartition: r.source_partition,
            sourceOffset: String(r.source_offset),
          },
        ]),
      );
    });
  }
}

export function decisionKey(itemId: string, revision: number): string {
  return `${itemId}#${revision}`;
}
