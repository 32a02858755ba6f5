import { type EntityManager } from 'typeorm';
import { upsertTicketHeads } from '../../apps/router/src/decisions/ticket-heads';
import { type RoutedTicketV1 } from '../../libs/shared/src/contracts';
import { type TestDatabase } from './test-database';

/**
 * Writes routed tickets as the router's decision transaction does — routing_decisions with the router's column
 * mapping, then the router's own upsertTicketHeads — for tests that need more tickets than Kafka should carry.
 * `status` then plays what accepted/closed feedback does to the head.
 */
export async function seedTickets(
  db: TestDatabase,
  tickets: { ticket: RoutedTicketV1; status?: 'accepted' | 'closed' }[],
  origin = { topic: 'test.seed', partition: 0, firstOffset: 0 },
): Promise<void> {
  for (let from = 0; from < tickets.length; from += 500) {
    const batch = tickets.slice(from, from + 500);
    const t = batch.map((b) => b.ticket);
    await db.query(`BEGIN`);
    try {
      await db.query(
        `INSERT INTO routing_decisions (item_id, item_revision, decision_revision, mode, reason, county_code,
           department_code, grade, due_at, rule_set_version, ticket, source_topic, source_partition, source_offset)
         SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[],
           $8::text[], $9::timestamptz[], $10::int[], $11::jsonb[], $12::text[], $13::int[], $14::bigint[])`,
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
          t.map(() => origin.topic),
          t.map(() => origin.partition),
          t.map((_, i) => origin.firstOffset + from + i),
        ],
      );
      const tx = { query: (sql: string, params?: unknown[]) => db.query(sql, params) };
      await upsertTicketHeads(tx as unknown as EntityManager, t);
      for (const status of ['accepted', 'closed'] as const) {
        const ids = batch.filter((b) => b.status === status).map((b) => b.ticket.item.id);
        if (ids.length)
          await db.query(
            `UPDATE ticket_heads SET status = $2, updated_at = now() WHERE item_id = ANY($1::text[]) AND mode = 'auto'`,
            [ids, status],
          );
      }
      await db.query(`COMMIT`);
    } catch (e) {
      await db.query(`ROLLBACK`);
      throw e;
    }
  }
}
