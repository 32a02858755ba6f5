import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Consumer, type EachBatchPayload, type Kafka, type KafkaMessage } from 'kafkajs';
import { type DataSource } from 'typeorm';
import {
  type FeedbackV1,
  feedbackV1Schema,
  hotspotEventV1Schema,
  type RoutedTicketV1,
  routedTicketV1Schema,
  supervisionEventV1Schema,
  topicName,
  TOPICS,
} from '@minsheng/shared/contracts';
import { type ApiKeyRole, type WebhookEvent } from '@minsheng/shared/db';
import { ensureTopics, topicReplication } from '@minsheng/shared/kafka';
import {
  APP_CONFIG,
  APP_LOGGER,
  type AppConfig,
  DATA_SOURCE,
  KAFKA,
  type Logger,
} from '@minsheng/shared/runtime';
import {
  type CandidateSubscription,
  matchDeliveries,
  matchHotspotDeliveries,
  type NewDelivery,
  type TicketEvent,
} from './webhook-matcher';
import { type AnsweredDecision, statusEvents } from './webhook-status-events';

/** The subscription's columns under the candidate's names; the key's columns aliased. */
type CandidateRow = Omit<CandidateSubscription, 'createdAt' | 'key'> & {
  created_at: Date;
  key_id: string;
  key_name: string;
  role: ApiKeyRole;
  key_counties: string[];
  key_departments: string[];
};

/**
 * Reads routed and triage tickets (read_committed: only what the router's transactions committed) and feedback
 * (accepted / closed become status events about the decision they answer), and turns each into delivery rows for the subscriptions it matches, before committing the offsets: a crash re-reads the batch and the
 * unique index makes the second insert a no-op, so each event gets exactly one delivery row per subscription.
 */
@Injectable()
export class WebhookConsumerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: Consumer;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(KAFKA) private readonly kafka: Kafka,
  ) {}

  private get groupId(): string {
    return `${this.config.KAFKA_TOPIC_PREFIX}${this.config.WEBHOOKS_GROUP_ID}`;
  }

  /** Not awaited: the HTTP API must come up even while Kafka is away; the matcher joins when it can. */
  onApplicationBootstrap(): void {
    void this.startWithRetry();
  }

  private async startWithRetry(): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await this.start();
        this.logger.info({ groupId: this.groupId }, 'webhooks consuming');
        return;
      } catch (e) {
        if (attempt === 1) this.logger.warn({ err: e }, 'webhooks: Kafka not ready; retrying until it is');
        await this.consumer?.disconnect().catch(() => undefined);
        this.consumer = undefined;
        await new Promise((r) => setTimeout(r, Math.min(5000, 500 * attempt)));
      }
    }
  }

  private async start(): Promise<void> {
    const prefix = this.config.KAFKA_TOPIC_PREFIX;
    await ensureTopics(this.kafka, prefix, topicReplication(this.config));
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      readUncommitted: false,
      sessionTimeout: 15000,
      heartbeatInterval: 3000,
      maxBytesPerPartition: 512 * 1024,
    });
    this.consumer = consumer;
    // kafkajs leaves a consumer dead after a non-retriable error; the HTTP API keeps serving, so start a new one.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.logger.error({ err: payload.error, restart: payload.restart }, 'webhooks consumer crashed');
      if (!payload.restart && !this.stopping)
        void consumer
          .disconnect()
          .catch(() => undefined)
          .then(() => this.startWithRetry());
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: [
        topicName('routed', prefix),
        topicName('triage', prefix),
        topicName('feedback', prefix),
        topicName('supervision', prefix),
        topicName('hotspots', prefix),
      ],
      fromBeginning: true,
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (!batch.messages.length || !payload.isRunning() || payload.isStale()) return;
    if (batch.topic.endsWith(TOPICS.hotspots)) {
      const inserted = await this.insert(
        matchHotspotDeliveries(this.hotspots(batch.messages), await this.candidates()),
      );
      if (inserted) this.logger.debug({ topic: batch.topic, inserted }, 'webhook deliveries queued');
      return this.commit(payload);
    }
    const events = batch.topic.endsWith(TOPICS.feedback)
      ? await this.fromFeedback(batch.topic, batch.partition, batch.messages)
      : batch.topic.endsWith(TOPICS.supervision)
        ? await this.fromSupervision(batch.messages)
        : batch.messages.flatMap((m) =>
            this.parse(
              batch.topic.endsWith(TOPICS.triage) ? 'ticket.triage' : 'ticket.routed',
              batch.topic,
              batch.partition,
              m,
            ),
          );
    if (events.length) {
      const inserted = await this.insert(matchDeliveries(events, await this.candidates()));
      if (inserted) this.logger.debug({ topic: batch.topic, inserted }, 'webhook deliveries queued');
    }
    await this.commit(payload);
  }

  private async commit(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const last = batch.messages[batch.messages.length - 1].offset;
    payload.resolveOffset(last);
    await this.consumer?.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
    ]);
    await payload.heartbeat();
  }

  private parse(event: WebhookEvent, topic: string, partition: number, m: KafkaMessage): TicketEvent[] {
    const raw = m.value?.toString('utf8') ?? '';
    const parsed = routedTicketV1Schema.safeParse(jsonOf(raw));
    if (parsed.success) {
      const made = { ticket: parsed.data, at: parsed.data.decision.decidedAt, payload: raw };
      // A re-open after 不满意 is a decision like any (ticket.routed, which older subscriptions keep getting) and also
      // its own event, so a subscriber can follow the 办理不满意专区 alone (decision 034).
      const reopened = event === 'ticket.routed' && !!parsed.data.decision.reopen;
      return [{ event, ...made }, ...(reopened ? [{ event: 'ticket.reopened' as const, ...made }] : [])];
    }
    // The router validated what it published; anything else on the topic is not ours to deliver.
    this.logger.warn(
      { topic, partition, offset: m.offset },
      'webhooks: skipped a message that is not a RoutedTicketV1',
    );
    return [];
  }

  /**
   * Accepted / closed feedback, with the decision each answers read from routing_decisions (the router stores a
   * decision before publishing it, so a unit cannot have seen one that is not there yet). Feedback for an unknown
   * or stale decision is skipped with a log line, as the router ignores it; it is not retried. The router's
   * ticket_heads are not consulted: the router may not have processed this feedback yet.
   */
  private async fromFeedback(
    topic: string,
    partition: number,
    messages: KafkaMessage[],
  ): Promise<TicketEvent[]> {
    const feedback: { f: FeedbackV1; offset: string }[] = [];
    for (const m of messages) {
      const parsed = feedbackV1Schema.safeParse(jsonOf(m.value?.toString('utf8') ?? ''));
      // The router dead-letters invalid feedback; nothing to deliver for it.
      if (parsed.success) feedback.push({ f: parsed.data, offset: m.offset });
    }
    if (!feedback.some(({ f }) => f.kind === 'accepted' || f.kind === 'closed')) return [];
    const rows = await this.db.query<{ ticket: RoutedTicketV1 | null; newest: number | null }[]>(
      `SELECT d.ticket, (SELECT max(r.decision_revision) FROM routing_decisions r WHERE r.item_id = u.item
                AND NOT (r.source_topic = $4 AND r.source_partition = $5 AND r.source_offset >= u.off)) AS newest
       FROM unnest($1::text[], $2::int[], $3::bigint[]) WITH ORDINALITY AS u(item, drev, off, n)
       LEFT JOIN LATERAL (SELECT ticket FROM routing_decisions
                          WHERE item_id = u.item AND decision_revision = u.drev LIMIT 1) d ON true
       ORDER BY u.n`,
      [
        feedback.map(({ f }) => f.itemId),
        feedback.map(({ f }) => f.decisionRevision),
        feedback.map(({ offset }) => offset),
        TOPICS.feedback,
        partition,
      ],
    );
    const answered = (i: number): AnsweredDecision => ({
      ticket: rows[i].ticket ?? undefined,
      newestBefore: rows[i].newest ?? undefined,
    });
    const { events, ignored } = statusEvents(
      feedback.map(({ f }) => f),
      answered,
    );
    for (const x of ignored)
      this.logger.info(
        { topic, partition, ...x },
        'webhooks: feedback answers no current decision; no event',
      );
    return events;
  }

  /**
   * 督办 events (due soon, overdue, escalated), matched on the decision they are about, as read from
   * routing_decisions; the delivery's payload is {supervision, ticket}. They "happen" when the watch detects them:
   * a subscription made today hears of a ticket that goes overdue today, even if its deadline passed last week.
   */
  private async fromSupervision(messages: KafkaMessage[]): Promise<TicketEvent[]> {
    const parsed = messages.flatMap((m) => {
      const p = supervisionEventV1Schema.safeParse(jsonOf(m.value?.toString('utf8') ?? ''));
      if (p.success) return [p.data];
      this.logger.warn(
        { offset: m.offset, issues: p.error.issues.length },
        'webhooks: skipped a message that is not a SupervisionEventV1',
      );
      return [];
    });
    if (!parsed.length) return [];
    const rows = await this.db.query<{ ticket: RoutedTicketV1 | null }[]>(
      `SELECT d.ticket FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS u(item, drev, n)
       LEFT JOIN LATERAL (SELECT ticket FROM routing_decisions
                          WHERE item_id = u.item AND decision_revision = u.drev LIMIT 1) d ON true
       ORDER BY u.n`,
      [parsed.map((e) => e.itemId), parsed.map((e) => e.decisionRevision)],
    );
    return parsed.flatMap((e, i) => {
      const ticket = rows[i].ticket;
      return ticket
        ? [
            {
              event: `ticket.${e.kind}` as const,
              ticket,
              at: e.detectedAt,
              payload: JSON.stringify({ supervision: e, ticket }),
            },
          ]
        : [];
    });
  }

  /** 热点 events as published; anything else on the topic is skipped with a log line. */
  private hotspots(messages: KafkaMessage[]) {
    return messages.flatMap((m) => {
      const p = hotspotEventV1Schema.safeParse(jsonOf(m.value?.toString('utf8') ?? ''));
      if (p.success) return [p.data];
      this.logger.warn({ offset: m.offset }, 'webhooks: skipped a message that is not a HotspotEventV1');
      return [];
    });
  }

  /** Subscriptions and key validity are read per batch, so a revoked key or a paused subscription stops at once. */
  private async candidates(): Promise<CandidateSubscription[]> {
    const rows = await this.db.query<CandidateRow[]>(
      `SELECT s.id, s.events, s.counties, s.departments, s.grades, s.channels, s.created_at,
              k.id AS key_id, k.name AS key_name, k.role, k.counties AS key_counties, k.departments AS key_departments
       FROM webhook_subscriptions s JOIN api_keys k ON k.id = s.key_id
       WHERE s.active AND k.role = 'consumer' AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())`,
    );
    return rows.map((r) => ({
      id: r.id,
      events: r.events,
      counties: r.counties,
      departments: r.departments,
      grades: r.grades,
      channels: r.channels,
      createdAt: new Date(r.created_at),
      key: {
        id: r.key_id,
        name: r.key_name,
        role: r.role,
        counties: r.key_counties,
        departments: r.key_departments,
      },
    }));
  }

  private async insert(deliveries: NewDelivery[]): Promise<number> {
    if (!deliveries.length) return 0;
    const inserted = await this.db.query<{ id: string }[]>(
      `INSERT INTO webhook_deliveries (id, subscription_id, event, item_id, decision_revision, payload)
       SELECT 'whd_' || replace(gen_random_uuid()::text, '-', ''), u.sub, u.event, u.item, u.drev, u.payload::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[]) AS u(sub, event, item, drev, payload)
       JOIN webhook_subscriptions s ON s.id = u.sub -- one deleted since the read above is skipped, not a failed batch
       ON CONFLICT (subscription_id, item_id, decision_revision, event) WHERE redelivery_of IS NULL DO NOTHING
       RETURNING id`,
      [
        deliveries.map((d) => d.subscriptionId),
        deliveries.map((d) => d.event),
        deliveries.map((d) => d.itemId),
        deliveries.map((d) => d.decisionRevision),
        deliveries.map((d) => d.payload),
      ],
    );
    return inserted.length;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect().catch(() => undefined);
  }
}

function jsonOf(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
