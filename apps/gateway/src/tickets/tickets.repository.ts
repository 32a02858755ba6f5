import { Inject, Injectable } from '@nestjs/common';
import { type DataSource, type EntityManager } from 'typeorm';
import { type FeedbackV1, type RoutedTicketV1 } from '@minsheng/shared/contracts';
import { DATA_SOURCE } from '@minsheng/shared/runtime';

/** The data source, or a transaction's manager when several reads must share one snapshot. */
export type Reader = Pick<EntityManager, 'query'>;

export interface FeedbackRow {
  event_id: string;
  decision_revision: number;
  kind: FeedbackV1['kind'];
  department: string;
  reason: string | null;
  actor: string;
  at: Date;
}

/**
 * What the tickets API reads beside a ticket's head: its decisions, item revisions and feedback events (written by the
 * router and the ingest path), and the places and departments a manual decision may name.
 */
@Injectable()
export class TicketsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  decisions(
    id: string,
    q: Reader = this.db,
  ): Promise<
    { item_revision: number; decision_revision: number; source_topic: string; ticket: RoutedTicketV1 }[]
  > {
    return q.query(
      `SELECT item_revision, decision_revision, source_topic, ticket FROM routing_decisions WHERE item_id = $1
       ORDER BY decision_revision`,
      [id],
    );
  }

  revisions(
    id: string,
    q: Reader = this.db,
  ): Promise<{ revision: number; received_at: Date; decided: boolean }[]> {
    return q.query(
      `SELECT i.revision, i.received_at, EXISTS (SELECT 1 FROM routing_decisions d WHERE d.item_id = i.id AND d.item_revision = i.revision) AS decided
       FROM appeal_items i WHERE i.id = $1 ORDER BY i.revision`,
      [id],
    );
  }

  feedback(id: string, q: Reader = this.db): Promise<FeedbackRow[]> {
    return q.query(
      `SELECT event_id, decision_revision, kind, department, reason, actor, at FROM feedback_events
       WHERE item_id = $1 ORDER BY at, created_at`,
      [id],
    );
  }

  /** The feedback event the router stored under this id, if any (an Idempotency-Key seen before). */
  async knownEvent(eventId: string): Promise<{ decision_revision: number; item_id: string } | undefined> {
    const [row] = await this.db.query<{ decision_revision: number; item_id: string }[]>(
      `SELECT decision_revision, item_id FROM feedback_events WHERE event_id = $1`,
      [eventId],
    );
    return row;
  }

  /** What an Idempotency-Key (as its event id) was first used for, if it was. */
  async firstRequest(eventId: string): Promise<{ item_id: string; request_sha256: string } | undefined> {
    const [row] = await this.db.query<{ item_id: string; request_sha256: string }[]>(
      `SELECT item_id, request_sha256 FROM feedback_requests WHERE event_id = $1`,
      [eventId],
    );
    return row;
  }

  /**
   * Records what an Idempotency-Key was first used for; returns the first use, which is this one unless the key was
   * seen before (then the caller compares ticket and request).
   */
  async claimRequest(c: {
    eventId: string;
    keyId: string;
    itemId: string;
    requestSha256: string;
  }): Promise<{ item_id: string; request_sha256: string }> {
    const [row] = await this.db.query<{ item_id: string; request_sha256: string }[]>(
      `WITH ins AS (
         INSERT INTO feedback_requests (event_id, key_id, item_id, request_sha256) VALUES ($1, $2, $3, $4)
         ON CONFLICT (event_id) DO NOTHING RETURNING item_id, request_sha256)
       SELECT item_id, request_sha256 FROM ins
       UNION ALL SELECT item_id, request_sha256 FROM feedback_requests WHERE event_id = $1
       LIMIT 1`,
      [c.eventId, c.keyId, c.itemId, c.requestSha256],
    );
    return row;
  }

  divisions(codes: string[]): Promise<{ code: string; level: string; parent_code: string }[]> {
    return this.db.query(`SELECT code, level, parent_code FROM divisions WHERE code = ANY($1::text[])`, [
      codes,
    ]);
  }

  departments(codes: string[]): Promise<{ code: string; levels: string[] }[]> {
    return this.db.query(`SELECT code, levels FROM departments WHERE code = ANY($1::text[])`, [codes]);
  }
}
