import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { type WebhookAttempt } from '@minsheng/shared/db';
import { SecretBox } from '@minsheng/shared/secrets';
import { EgressPolicy } from '@minsheng/connector-sdk/egress';
import { APP_CONFIG, APP_LOGGER, type AppConfig, DATA_SOURCE, type Logger } from '@minsheng/shared/runtime';
import { MediaLinks } from '../attachments/media-links';
import { backoffMs } from './webhook-backoff';
import { webhookBody } from './webhook-body';
import { sendWebhook, type SendOutcome } from './webhook-sender';
import { targetOrigin } from './webhook-target';
import { GatewayMetrics } from '../metrics/gateway-metrics';

/** At most this many sends in flight per subscription and replica: a slow receiver cannot take every slot. */
const PER_SUBSCRIPTION = 2;
/** Rows looked at per claim, so that busy subscriptions do not hide due deliveries of others behind them. */
const SCAN = 200;

interface ClaimRow {
  id: string;
  subscription_id: string;
  event: string;
  item_id: string;
  decision_revision: number;
  payload: unknown;
  attempts: number;
  created_at: Date;
  url: string;
  secret: string;
  egress_allow: string[];
  active: boolean;
  key_valid: boolean;
}

interface Claimed {
  id: string;
  subscriptionId: string;
  event: string;
  itemId: string;
  decisionRevision: number;
  payload: unknown;
  attempt: number;
  createdAt: Date;
  url: string;
  secret: string;
  allow: string[];
}

/**
 * Sends due deliveries. A claim locks rows with FOR UPDATE SKIP LOCKED, bumps the attempt and pushes next_attempt_at
 * out by a lease (timeout + margin) in one short transaction, then the POST runs with no transaction open. Another
 * replica neither sees a locked row nor a leased one, so nothing is sent twice unless a replica dies mid-send (then the
 * lease runs out and the delivery is sent again: at-least-once, receivers dedupe by delivery id).
 */
@Injectable()
export class WebhookDispatcherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly inFlight = new Map<string, number>();
  private readonly sends = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(SecretBox) private readonly box: SecretBox,
    private readonly media: MediaLinks,
    @Inject(EgressPolicy) private readonly egress: EgressPolicy,
    @Inject(GatewayMetrics) private readonly metrics: GatewayMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopping) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    let full = false;
    try {
      const free = this.config.WEBHOOKS_CONCURRENCY - this.sends.size;
      if (free > 0) {
        const claimed = await this.claim(free);
        for (const c of claimed) this.start(c);
        full = claimed.length === free;
      }
    } catch (e) {
      this.logger.warn({ err: e }, 'webhook dispatch: claim failed; retrying');
    }
    this.schedule(full ? 10 : this.config.WEBHOOKS_POLL_MS);
  }

  private async claim(free: number): Promise<Claimed[]> {
    const leaseMs = this.config.WEBHOOKS_TIMEOUT_MS + 30_000;
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<ClaimRow[]>(
        `SELECT d.id, d.subscription_id, d.event, d.item_id, d.decision_revision, d.payload, d.attempts, d.created_at,
                s.url, s.secret, s.egress_allow, s.active,
                (k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())) AS key_valid
         FROM webhook_deliveries d
         JOIN webhook_subscriptions s ON s.id = d.subscription_id JOIN api_keys k ON k.id = s.key_id
         WHERE d.status = 'pending' AND d.next_attempt_at <= now()
         ORDER BY d.next_attempt_at LIMIT $1
         FOR UPDATE OF d SKIP LOCKED`,
        [SCAN],
      );
      const cancelled: { id: string; reason: string }[] = [];
      const picked: ClaimRow[] = [];
      const counts = new Map(this.inFlight);
      for (const r of rows) {
        if (!r.active || !r.key_valid) {
          cancelled.push({
            id: r.id,
            reason: r.active ? 'not sent: key revoked or expired' : 'not sent: subscription inactive',
          });
          continue;
        }
        const n = counts.get(r.subscription_id) ?? 0;
        if (picked.length >= free || n >= PER_SUBSCRIPTION) continue;
        counts.set(r.subscription_id, n + 1);
        picked.push(r);
      }
      if (cancelled.length)
        await tx.query(
          `UPDATE webhook_deliveries d SET status = 'cancelled', last_error = c.reason
           FROM unnest($1::text[], $2::text[]) AS c(id, reason) WHERE d.id = c.id`,
          [cancelled.map((c) => c.id), cancelled.map((c) => c.reason)],
        );
      if (picked.length)
        await tx.query(
          `UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = now(),
             next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
           WHERE id = ANY($1::text[])`,
          [picked.map((r) => r.id), leaseMs],
        );
      return picked.map((r) => ({
        id: r.id,
        subscriptionId: r.subscription_id,
        event: r.event,
        itemId: r.item_id,
        decisionRevision: r.decision_revision,
        payload: r.payload,
        attempt: r.attempts + 1,
        createdAt: new Date(r.created_at),
        url: r.url,
        secret: r.secret,
        allow: r.egress_allow,
      }));
    });
  }

  private start(c: Claimed): void {
    this.inFlight.set(c.subscriptionId, (this.inFlight.get(c.subscriptionId) ?? 0) + 1);
    const p = this.deliver(c)
      .catch((e: unknown) =>
        this.logger.error({ err: e, delivery: c.id }, 'webhook delivery bookkeeping failed'),
      )
      .finally(() => {
        this.sends.delete(p);
        const n = (this.inFlight.get(c.subscriptionId) ?? 1) - 1;
        if (n > 0) this.inFlight.set(c.subscriptionId, n);
        else this.inFlight.delete(c.subscriptionId);
      });
    this.sends.add(p);
  }

  private async deliver(c: Claimed): Promise<void> {
    const at = new Date();
    const media = (await this.media.forItems([c.itemId])).get(c.itemId);
    const body = webhookBody({ ...c, media });
    let secret: string | undefined;
    try {
      secret = this.box.open(c.secret);
    } catch {
      secret = undefined;
    }
    const outcome: SendOutcome = secret
      ? await sendWebhook(
          { url: c.url, secret, allow: c.allow },
          { id: c.id, event: c.event, attempt: c.attempt, body },
          this.config.WEBHOOKS_TIMEOUT_MS,
          this.egress,
        )
      : {
          ok: false,
          statusCode: null,
          code: 'secret_unreadable',
          error: 'signing secret unreadable (SECRETS_KEY changed?)',
          durationMs: 0,
        };
    const entry: WebhookAttempt = {
      attempt: c.attempt,
      at: at.toISOString(),
      durationMs: outcome.durationMs,
      statusCode: outcome.statusCode,
      error: outcome.error,
      code: outcome.code,
    };
    const last = c.attempt >= this.config.WEBHOOKS_MAX_ATTEMPTS;
    const status = outcome.ok ? 'delivered' : last ? 'failed' : 'pending';
    const retryInMs = backoffMs(
      c.attempt,
      this.config.WEBHOOKS_BACKOFF_BASE_MS,
      this.config.WEBHOOKS_BACKOFF_MAX_MS,
    );
    // The attempt guard drops a late result whose lease another replica has since taken over.
    await this.db.query(
      `UPDATE webhook_deliveries SET status = $3, last_status_code = $4, last_error = $5, last_error_code = $8,
         attempt_log = attempt_log || jsonb_build_array($6::jsonb),
         delivered_at = CASE WHEN $3 = 'delivered' THEN now() END,
         next_attempt_at = CASE WHEN $3 = 'pending' THEN now() + make_interval(secs => $7::double precision / 1000)
                                ELSE next_attempt_at END
       WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
      [
        c.id,
        c.attempt,
        status,
        outcome.statusCode,
        outcome.error,
        JSON.stringify(entry),
        retryInMs,
        outcome.code,
      ],
    );
    this.metrics.webhookAttempt(
      c.subscriptionId,
      status === 'pending' ? 'retried' : status,
      outcome.durationMs / 1000,
    );
    const log = {
      delivery: c.id,
      subscription: c.subscriptionId,
      target: targetOrigin(c.url),
      attempt: c.attempt,
    };
    if (outcome.ok)
      this.logger.info({ ...log, status: outcome.statusCode, ms: outcome.durationMs }, 'webhook delivered');
    else
      this.logger.warn(
        { ...log, status: outcome.statusCode, error: outcome.error, final: status === 'failed' },
        status === 'failed' ? 'webhook delivery failed for good' : 'webhook delivery failed; will retry',
      );
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    // In-flight sends end within their timeout; an unfinished one is retried by any replica after its lease.
    await Promise.race([
      Promise.allSettled([...this.sends]),
      new Promise((r) => setTimeout(r, this.config.WEBHOOKS_TIMEOUT_MS)),
    ]);
  }
}
