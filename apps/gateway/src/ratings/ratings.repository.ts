import { Inject, Injectable } from '@nestjs/common';
import { type DataSource, type EntityManager } from 'typeorm';
import { type Rating, type RatingSource } from '@minsheng/shared/contracts';
import { DATA_SOURCE } from '@minsheng/shared/runtime';

export interface RatingRecord {
  decision_revision: number;
  rating: Rating;
  comment: string | null;
  source: RatingSource;
  actor: string;
  rated_at: Date;
}

/** ticket_ratings as the API reads them; the router is the only writer (decision 034). */
@Injectable()
export class TicketRatingsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  of(itemId: string, q: Pick<EntityManager, 'query'> = this.db): Promise<RatingRecord[]> {
    return q.query(
      `SELECT decision_revision, rating, comment, source, actor, rated_at FROM ticket_ratings WHERE item_id = $1
       ORDER BY decision_revision`,
      [itemId],
    );
  }

  async at(itemId: string, decisionRevision: number): Promise<RatingRecord | undefined> {
    const [row] = await this.db.query<RatingRecord[]>(
      `SELECT decision_revision, rating, comment, source, actor, rated_at FROM ticket_ratings
       WHERE item_id = $1 AND decision_revision = $2`,
      [itemId, decisionRevision],
    );
    return row;
  }
}
