import { type EntityManager } from 'typeorm';
import { insertDecisions } from '../../libs/routing/src/decisions/decision.repository';
import { upsertTicketHeads } from '../../libs/routing/src/decisions/ticket-heads.repository';
import { type RoutedTicketV1 } from '../../libs/shared/src/contracts';
import { type TestDatabase } from './test-database';

/**
 * Writes routed tickets as the router's decision transaction does — the router's own insertDecisions, then its
 * upsertTicketHeads — for tests that need more tickets than Kafka should carry.
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
      const tx = {
        query: (sql: string, params?: unknown[]) => db.query(sql, params),
      } as unknown as EntityManager;
      const decisions = t.map((ticket, i) => ({
        ticket,
        origin: {
          topic: origin.topic,
          partition: origin.partition,
          offset: String(origin.firstOffset + from + i),
        },
      }));
      // The router skips what it already stored; a seed that repeats itself is a broken test, so say so.
      const inserted = await insertDecisions(tx, decisions);
      if (inserted.size !== decisions.length)
        throw new Error(`seedTickets: ${decisions.length - inserted.size} tickets were already stored`);
      await upsertTicketHeads(tx, t);
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
