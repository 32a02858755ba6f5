import { type DataSource, type EntityManager } from 'typeorm';
import { type Rating, type RatingSource } from '@minsheng/shared/contracts';

/** One row of ticket_ratings: the citizen's verdict on one handling round (decision revision) of a ticket. */
export interface RatingRow {
  itemId: string;
  decisionRevision: number;
  rating: Rating;
  comment?: string;
  source: RatingSource;
  actor: string;
  ratedAt: string;
  countyCode?: string;
  townCode?: string;
  department?: string;
  channel: string;
}

type Pair = { itemId: string; decisionRevision: number };
const pairKey = (p: Pair) => `${p.itemId}#${p.decisionRevision}`;

/**
 * The router's reads and writes of ticket_ratings (it is the table's one writer, decision 034). One rating per round:
 * the primary key (item, decision revision) makes a rating delivered twice count once.
 */
export class RatingsRepository {
  constructor(private readonly db: DataSource) {}

  /** Rounds (`<item>#<revision>`) a unit has closed (办结). */
  async closedRounds(pairs: Pair[]): Promise<Set<string>> {
    if (!pairs.length) return new Set();
    const rows = await this.db.query<{ item_id: string; decision_revision: number }[]>(
      `SELECT DISTINCT item_id, decision_revision FROM feedback_events
       WHERE kind = 'closed' AND (item_id, decision_revision) IN (SELECT * FROM unnest($1::text[], $2::int[]))`,
      [pairs.map((p) => p.itemId), pairs.map((p) => p.decisionRevision)],
    );
    return new Set(rows.map((r) => pairKey({ itemId: r.item_id, decisionRevision: r.decision_revision })));
  }

  /** Rounds already rated. */
  async ratedRounds(pairs: Pair[]): Promise<Set<string>> {
    if (!pairs.length) return new Set();
    const rows = await this.db.query<{ item_id: string; decision_revision: number }[]>(
      `SELECT item_id, decision_revision FROM ticket_ratings
       WHERE (item_id, decision_revision) IN (SELECT * FROM unnest($1::text[], $2::int[]))`,
      [pairs.map((p) => p.itemId), pairs.map((p) => p.decisionRevision)],
    );
    return new Set(rows.map((r) => pairKey({ itemId: r.item_id, decisionRevision: r.decision_revision })));
  }

  /** 不满意 ratings so far per item: each re-opened the ticket (or sent it to triage). */
  async dissatisfiedCounts(itemIds: string[]): Promise<Map<string, number>> {
    if (!itemIds.length) return new Map();
    const rows = await this.db.query<{ item_id: string; n: number }[]>(
      `SELECT item_id, count(*)::int AS n FROM ticket_ratings
       WHERE rating = 'dissatisfied' AND item_id = ANY($1::text[]) GROUP BY item_id`,
      [itemIds],
    );
    return new Map(rows.map((r) => [r.item_id, r.n]));
  }
}

export { pairKey as ratingRoundKey };

/** Inserts ratings; a round already rated keeps its first rating (ON CONFLICT DO NOTHING). */
export async function insertRatings(tx: EntityManager, rows: RatingRow[]): Promise<void> {
  if (!rows.length) return;
  await tx.query(
    `INSERT INTO ticket_ratings (item_id, decision_revision, rating, comment, source, actor, rated_at, county_code,
       town_code, department, channel)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[],
       $8::text[], $9::text[], $10::text[], $11::text[])
     ON CONFLICT (item_id, decision_revision) DO NOTHING`,
    [
      rows.map((r) => r.itemId),
      rows.map((r) => r.decisionRevision),
      rows.map((r) => r.rating),
      rows.map((r) => r.comment ?? null),
      rows.map((r) => r.source),
      rows.map((r) => r.actor),
      rows.map((r) => r.ratedAt),
      rows.map((r) => r.countyCode ?? null),
      rows.map((r) => r.townCode ?? null),
      rows.map((r) => r.department ?? null),
      rows.map((r) => r.channel),
    ],
  );
}
