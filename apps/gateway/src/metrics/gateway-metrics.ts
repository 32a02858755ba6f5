import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { Registry as RegistryToken } from 'prom-client';
import { Cached } from '@minsheng/shared/observability';
import { APP_LOGGER, type Logger } from '@minsheng/shared/runtime';
import { GatewayGaugesRepository, type GatewayGauges } from './gateway-gauges.repository';

/** How long a database-backed gauge is reused: scrapes every few seconds from several Prometheus cost one query. */
export const GAUGE_CACHE_MS = 5000;

export type WebhookOutcome = 'delivered' | 'retried' | 'failed';

/** The gateway's series (docs/runbook.md, "Metrics the alerts read"); names are the alert rules' contract. */
@Injectable()
export class GatewayMetrics {
  private readonly requests: Counter<'route' | 'method' | 'status'>;
  private readonly requestSeconds: Histogram<'route' | 'method'>;
  private readonly rateLimited: Counter<'route'>;
  private readonly pushed: Counter<'channel'>;
  private readonly webhookAttempts: Counter<'subscription' | 'outcome'>;
  private readonly webhookSeconds: Histogram;
  private readonly gauges: Cached<GatewayGauges>;
  private last: GatewayGauges = { webhookPending: 0, triageItems: 0, triageOldestSeconds: 0 };

  constructor(
    @Inject(RegistryToken) registry: Registry,
    @Inject(GatewayGaugesRepository) repository: GatewayGaugesRepository,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {
    const registers = [registry];
    this.gauges = new Cached(() => repository.read(), GAUGE_CACHE_MS);
    this.requests = new Counter({
      name: 'minsheng_gateway_requests_total',
      help: 'HTTP requests answered, by route template, method and status code',
      labelNames: ['route', 'method', 'status'],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: 'minsheng_gateway_request_duration_seconds',
      help: 'Time from request to the last byte of the answer, by route template and method',
      labelNames: ['route', 'method'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.rateLimited = new Counter({
      name: 'minsheng_gateway_rate_limited_total',
      help: 'Requests refused with 429 by the per-key rate limit, by route template',
      labelNames: ['route'],
      registers,
    });
    this.pushed = new Counter({
      name: 'minsheng_intake_items_pushed_total',
      help: 'Push deliveries accepted (stored, announced through the outbox), by channel',
      labelNames: ['channel'],
      registers,
    });
    this.webhookAttempts = new Counter({
      name: 'minsheng_webhook_deliveries_total',
      help: 'Webhook delivery attempts by subscription and outcome (retried: failed, will be tried again)',
      labelNames: ['subscription', 'outcome'],
      registers,
    });
    this.webhookSeconds = new Histogram({
      name: 'minsheng_webhook_delivery_duration_seconds',
      help: 'Time of one webhook POST, connect to answer',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    const read = async (): Promise<GatewayGauges> => {
      try {
        this.last = await this.gauges.get();
      } catch (e) {
        // The scrape still answers (with the last values); a database outage shows in readiness and in the logs.
        this.logger.warn({ err: e }, 'metrics: gauges not read from PostgreSQL');
      }
      return this.last;
    };
    new Gauge({
      name: 'minsheng_webhook_deliveries_pending',
      help: 'Webhook deliveries waiting for their next attempt (all replicas alike: read from PostgreSQL)',
      registers,
      async collect() {
        this.set((await read()).webhookPending);
      },
    });
    new Gauge({
      name: 'minsheng_triage_queue_items',
      help: 'Tickets waiting for a dispatcher (人工派单)',
      registers,
      async collect() {
        this.set((await read()).triageItems);
      },
    });
    new Gauge({
      name: 'minsheng_triage_oldest_waiting_seconds',
      help: 'How long the oldest ticket in triage has waited (0 when none)',
      registers,
      async collect() {
        this.set((await read()).triageOldestSeconds);
      },
    });
  }

  request(route: string, method: string, status: number, seconds: number): void {
    this.requests.inc({ route, method, status: String(status) });
    this.requestSeconds.observe({ route, method }, seconds);
    if (status === 429) this.rateLimited.inc({ route });
  }

  itemPushed(channel: string): void {
    this.pushed.inc({ channel });
  }

  webhookAttempt(subscription: string, outcome: WebhookOutcome, seconds: number): void {
    this.webhookAttempts.inc({ subscription, outcome });
    this.webhookSeconds.observe(seconds);
  }
}
