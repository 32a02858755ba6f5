import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { type WebhookAttempt, type WebhookDeliveryStatus, type WebhookEvent } from '@minsheng/shared/db';
import { audit } from '@minsheng/shared/audit';
import { APP_CONFIG, type AppConfig, DATA_SOURCE } from '@minsheng/shared/runtime';
import { actorOf, type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { eventIdOf } from './webhook-body';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service';

export interface DeliveryView {
  id: string;
  event: WebhookEvent;
  eventId: string;
  itemId: string;
  decisionRevision: number;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastErrorCode: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  redeliveryOf: string | null;
  attemptLog: WebhookAttempt[];
}

interface DeliveryRow {
  id: string;
  event: WebhookEvent;
  item_id: string;
  decision_revision: number;
  status: WebhookDeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  last_error_code: string | null;
  created_at: Date;
  last_attempt_at: Date | null;
  next_attempt_at: Date;
  delivered_at: Date | null;
  redelivery_of: string | null;
  attempt_log: WebhookAttempt[];
}

const COLUMNS = `id, event, item_id, decision_revision, status, attempts, last_status_code, last_error,
  last_error_code, created_at,
  last_attempt_at, next_attempt_at, delivered_at, redelivery_of, attempt_log`;

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/**
 * Consumers see the coarse code in place of the detail (decision 022): a status, an errno and a refused address class
 * per attempt would make the log a probe of whatever network the target reaches. Admins see the detail.
 */
function view(r: DeliveryRow, detailed: boolean): DeliveryView {
  const coarse = (code: string | null | undefined, error: string | null) =>
    detailed ? error : error === null ? null : (code ?? 'failed');
  return {
    id: r.id,
    event: r.event,
    eventId: eventIdOf({ itemId: r.item_id, decisionRevision: r.decision_revision, event: r.event }),
    itemId: r.item_id,
    decisionRevision: r.decision_revision,
    status: r.status,
    attempts: r.attempts,
    lastStatusCode: r.last_status_code,
    lastError: coarse(r.last_error_code, r.last_error),
    lastErrorCode: r.last_error === null ? null : (r.last_error_code ?? 'failed'),
    createdAt: new Date(r.created_at).toISOString(),
    lastAttemptAt: iso(r.last_attempt_at),
    nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null,
    deliveredAt: iso(r.delivered_at),
    redeliveryOf: r.redelivery_of,
    attemptLog: r.attempt_log.map((a) => ({ ...a, error: coarse(a.code, a.error), code: a.code ?? null })),
  };
}

/** The delivery log of one subscription and redelivery on demand; the ticket itself is not repeated in the log. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly subscriptions: WebhookSubscriptionsService,
  ) {}

  async list(
    subscriptionId: string,
    p: Principal,
    q: { status?: WebhookDeliveryStatus; cursor?: string; limit: number },
  ): Promise<{ deliveries: DeliveryView[]; nextCursor: string | null }> {
    await this.subscriptions.visible(this.db.manager, subscriptionId, p);
    const rows = await this.db.query<DeliveryRow[]>(
      `SELECT ${COLUMNS} FROM webhook_deliveries d
       WHERE d.subscription_id = $1 AND ($2::text IS NULL OR d.status = $2)
         AND ($3::text IS NULL OR (d.created_at, d.id) <
              (SELECT c.created_at, c.id FROM webhook_deliveries c WHERE c.id = $3 AND c.subscription_id = $1))
       ORDER BY d.created_at DESC, d.id DESC LIMIT $4`,
      [subscriptionId, q.status ?? null, q.cursor ?? null, q.limit],
    );
    const deliveries = rows.map((r) => view(r, p.role === 'admin'));
    return {
      deliveries,
      nextCursor: deliveries.length === q.limit ? deliveries[deliveries.length - 1].id : null,
    };
  }

  /**
   * A new delivery of the same event (same eventId, new delivery id), linked to the one asked for; it goes through
   * the dispatcher like any other, with its own attempts.
   */
  async redeliver(subscriptionId: string, deliveryId: string, p: Principal): Promise<DeliveryView> {
    return this.db.transaction(async (tx) => {
      const s = await this.subscriptions.owned(tx, subscriptionId, p);
      if (!s.active)
        throw new ApiError(
          'subscription_inactive',
          'the webhook is inactive; activate it before redelivering',
          HttpStatus.CONFLICT,
        );
      // Counted in the table, under the subscription's row lock, so the limit holds across replicas.
      // `wait`: seconds until the oldest redelivery in the window leaves it, i.e. until one more is allowed.
      const [{ n, wait }] = await tx.query<{ n: string; wait: number | null }[]>(
        `SELECT count(*) AS n,
                ceil(extract(epoch FROM min(created_at) + interval '1 minute' - now()))::int AS wait
         FROM webhook_deliveries
         WHERE subscription_id = $1 AND redelivery_of IS NOT NULL AND created_at > now() - interval '1 minute'`,
        [subscriptionId],
      );
      if (Number(n) >= this.config.WEBHOOKS_REDELIVER_PER_MINUTE) {
        const retryAfter = Math.min(60, Math.max(1, wait ?? 60));
        throw new ApiError(
          'redeliver_rate_limited',
          `at most ${this.config.WEBHOOKS_REDELIVER_PER_MINUTE} redeliveries per minute for one webhook; retry in ${retryAfter}s`,
          HttpStatus.TOO_MANY_REQUESTS,
          undefined,
          { 'Retry-After': String(retryAfter) },
        );
      }
      const [created] = await tx.query<DeliveryRow[]>(
        `INSERT INTO webhook_deliveries (id, subscription_id, event, item_id, decision_revision, payload, redelivery_of)
         SELECT 'whd_' || replace(gen_random_uuid()::text, '-', ''), subscription_id, event, item_id, decision_revision,
                payload, id
         FROM webhook_deliveries WHERE id = $1 AND subscription_id = $2
         RETURNING ${COLUMNS}`,
        [deliveryId, subscriptionId],
      );
      if (!created)
        throw new ApiError(
          'not_found',
          `no delivery ${deliveryId} of webhook ${subscriptionId}`,
          HttpStatus.NOT_FOUND,
        );
      const after = view(created, false);
      await audit(tx, {
        actor: actorOf(p),
        action: 'webhook.redeliver',
        entity: 'webhook',
        entityId: subscriptionId,
        before: null,
        after: { deliveryId: after.id, redeliveryOf: deliveryId, eventId: after.eventId },
      });
      return after;
    });
  }
}
