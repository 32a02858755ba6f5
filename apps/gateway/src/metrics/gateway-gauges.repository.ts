import { Inject, Injectable } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { DATA_SOURCE } from '@minsheng/shared/runtime';

export interface GatewayGauges {
  webhookPending: number;
  triageItems: number;
  triageOldestSeconds: number;
}

/** What the gateway's /metrics reads from PostgreSQL, in one query per scrape period. */
@Injectable()
export class GatewayGaugesRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async read(): Promise<GatewayGauges> {
    const [row] = await this.db.query<{ pending: string; triage: string; oldest: number | null }[]>(
      `SELECT (SELECT count(*) FROM webhook_deliveries WHERE status = 'pending') AS pending,
              t.n AS triage, t.oldest
         FROM (SELECT count(*) AS n, extract(epoch FROM now() - min(decided_at))::float8 AS oldest
                 FROM ticket_heads WHERE status = 'triage') t`,
    );
    return {
      webhookPending: Number(row?.pending ?? 0),
      triageItems: Number(row?.triage ?? 0),
      triageOldestSeconds: Math.max(0, row?.oldest ?? 0),
    };
  }
}
