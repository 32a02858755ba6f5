import { Inject, Injectable } from '@nestjs/common';
import { type DataSource, type EntityManager } from 'typeorm';
import { DATA_SOURCE } from '../runtime/tokens';

/** webhook_subscriptions; the gateway's webhook services and the secrets CLI come through here. */
@Injectable()
export class WebhookSubscriptionsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Every subscription's secret, locked until `tx` ends (the secrets CLI). */
  secretsForUpdate(tx: EntityManager): Promise<{ id: string; secret: string }[]> {
    return tx.query(`SELECT id::text AS id, secret FROM webhook_subscriptions ORDER BY id FOR UPDATE`);
  }

  /** Re-sealed under another key: the same secret. */
  async reseal(tx: EntityManager, id: string, sealedSecret: string): Promise<void> {
    await tx.query(`UPDATE webhook_subscriptions SET secret = $2 WHERE id::text = $1`, [id, sealedSecret]);
  }
}
