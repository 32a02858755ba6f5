import { DataSource } from 'typeorm';
import { TicketRatingsRepository } from '../../apps/gateway/src/ratings/ratings.repository';
import { TicketsRepository } from '../../apps/gateway/src/tickets/tickets.repository';
import { TicketsService } from '../../apps/gateway/src/tickets/tickets.service';
import { type Principal } from '../../apps/gateway/src/auth/principal';
import { type FeedbackPublisher } from '../../apps/gateway/src/kafka/feedback-publisher';
import { routeItem } from '../../libs/routing/src';
import { seedRoutingContext } from '../../libs/routing/src/reference/seed-context';
import { type RoutedTicketV1 } from '../../libs/shared/src/contracts';
import { sampleItem } from '../fixtures/appeal-item';
import { seedTickets } from '../support/seed-tickets';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The console's ticket page polls GET /tickets/:id after a 受理 until the new feedback event shows, and then trusts
 * the status beside it (CI of 2026-12-04: the page stayed on 已分派). The router writes the event and the head's
 * status in one transaction; here that transaction commits between the API's read of the head and its read of the
 * feedback, every time, on the real database: the view must be one snapshot, both before or both after.
 */
describe('GET /tickets/:id reads one snapshot', () => {
  const id = `ap_${'6'.repeat(32)}`;
  const admin: Principal = { keyId: 'k', name: 'admin', role: 'admin' };
  let db: TestDatabase;
  let ds: DataSource;

  /** The router's feedback transaction for 受理 (decision.repository write: event, then head). */
  const accept = async () => {
    await db.query('BEGIN');
    await db.query(
      `INSERT INTO feedback_events (event_id, item_id, decision_revision, kind, department, reason, actor, at)
       VALUES ('fb-snapshot', $1, 1, 'accepted', 'housing', NULL, 'consumer:k', now())`,
      [id],
    );
    await db.query(`UPDATE ticket_heads SET status = 'accepted' WHERE item_id = $1`, [id]);
    await db.query('COMMIT');
  };

  beforeAll(async () => {
    db = await createTestDatabase('snapshot');
    const item = sampleItem({ id, traceId: 'trace-snapshot' });
    const base = routeItem(item, seedRoutingContext(), new Date('2026-11-20T01:00:00Z'));
    const ticket: RoutedTicketV1 = {
      schemaVersion: 1,
      item,
      decisionRevision: 1,
      decision: { ...base, mode: 'auto', reason: undefined },
    };
    await seedTickets(db, [{ ticket }]);
    ds = new DataSource({ type: 'postgres', url: db.url });
    await ds.initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('shows the accepted event only together with the accepted status', async () => {
    let committed = false;
    class RouterCommitsMidway extends TicketsRepository {
      override async decisions(...args: Parameters<TicketsRepository['decisions']>) {
        const rows = await super.decisions(...args);
        if (!committed) {
          committed = true;
          await accept();
        }
        return rows;
      }
    }
    const service = new TicketsService(
      ds,
      new RouterCommitsMidway(ds),
      {} as FeedbackPublisher,
      new TicketRatingsRepository(ds),
    );

    const during = await service.get(id, admin);
    expect(committed).toBe(true);
    expect([during.status, during.feedback.map((f) => f.kind)]).toEqual(['routed', []]);

    const after = await service.get(id, admin);
    expect([after.status, after.feedback.map((f) => f.kind)]).toEqual(['accepted', ['accepted']]);
  });
});
