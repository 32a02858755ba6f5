import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';

export const WEBHOOK_EVENTS = [
  'ticket.routed',
  'ticket.triage',
  'ticket.accepted',
  'ticket.closed',
  'ticket.due_soon',
  'ticket.overdue',
  'ticket.escalated',
  /** 办理不满意专区: a decision that re-opens a closed ticket after a 不满意 rating (beside its ticket.routed). */
  'ticket.reopened',
  /** 热点: not about one ticket; its delivery's item id is the hotspot's id (hs_…), decision revision 0. */
  'hotspot.detected',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** The events a handling unit's feedback (appeal.feedback.v1) makes, by feedback kind. */
export const FEEDBACK_WEBHOOK_EVENTS = { accepted: 'ticket.accepted', closed: 'ticket.closed' } as const;

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * A consumer key's wish to be told about tickets by HTTP. Empty filter arrays mean "everything the key may see";
 * the key's own scope is re-checked for every event, so a filter can only narrow it.
 */
@Entity('webhook_subscriptions')
@Index('ix_webhook_subscriptions_key', ['keyId', 'createdAt'])
export class WebhookSubscriptionEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'key_id' }) keyId!: string;
  @ManyToOne(() => ApiKeyEntity)
  @JoinColumn({ name: 'key_id', foreignKeyConstraintName: 'webhook_subscriptions_key_id_fkey' })
  key?: ApiKeyEntity;
  @Column('text') url!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @Column('text', { array: true }) events!: WebhookEvent[];
  @Column('text', { array: true, default: '{}' }) counties!: string[];
  @Column('text', { array: true, default: '{}' }) departments!: string[];
  @Column('text', { array: true, default: '{}' }) grades!: string[];
  @Column('text', { array: true, default: '{}' }) channels!: string[];
  @Column('boolean', { default: true }) active!: boolean;
  /** The signing secret sealed with SECRETS_KEY (AES-256-GCM): the dispatcher needs it in clear to sign. */
  @Column('text') secret!: string;
  @Column('timestamptz', { name: 'secret_rotated_at', nullable: true }) secretRotatedAt!: Date | null;
  /** Hosts or CIDRs an admin lets this target reach although they are not public (decision 022). */
  @Column('text', { name: 'egress_allow', array: true, default: '{}' }) egressAllow!: string[];
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}

/** One attempt as the delivery log shows it. */
export interface WebhookAttempt {
  attempt: number;
  at: string;
  durationMs: number;
  statusCode: number | null;
  /** The detail, for admins. */
  error: string | null;
  /** The coarse reason every reader may see (decision 022); absent in entries from before it. */
  code?: string | null;
}

/**
 * One event for one subscription. At most one original row per (subscription, item, decision revision, event), so
 * a re-read Kafka message adds nothing; a redelivery on demand is a new row pointing at the original.
 */
@Entity('webhook_deliveries')
@Check('webhook_deliveries_status_check', `"status" IN ('pending', 'delivered', 'failed', 'cancelled')`)
@Index('ux_webhook_deliveries_event', ['subscriptionId', 'itemId', 'decisionRevision', 'event'], {
  unique: true,
  where: '"redelivery_of" IS NULL',
})
@Index('ix_webhook_deliveries_due', ['nextAttemptAt'], { where: `"status" = 'pending'` })
@Index('ix_webhook_deliveries_subscription', ['subscriptionId', 'createdAt'])
export class WebhookDeliveryEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'subscription_id' }) subscriptionId!: string;
  @ManyToOne(() => WebhookSubscriptionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'subscription_id',
    foreignKeyConstraintName: 'webhook_deliveries_subscription_id_fkey',
  })
  subscription?: WebhookSubscriptionEntity;
  @Column('text') event!: WebhookEvent;
  @Column('text', { name: 'item_id' }) itemId!: string;
  @Column('integer', { name: 'decision_revision' }) decisionRevision!: number;
  /**
   * What the body carries, so redelivery sends the same: the RoutedTicketV1 as published (reporter data already
   * masked), or for ticket.accepted / ticket.closed `{feedback, ticket}` with the decision the feedback answers.
   */
  @Column('jsonb') payload!: unknown;
  @Column('text', { default: 'pending' }) status!: WebhookDeliveryStatus;
  @Column('integer', { default: 0 }) attempts!: number;
  /** When the dispatcher may next take it; while a send is in flight it is the lease's end. */
  @Column('timestamptz', { name: 'next_attempt_at', default: () => 'now()' }) nextAttemptAt!: Date;
  @Column('timestamptz', { name: 'last_attempt_at', nullable: true }) lastAttemptAt!: Date | null;
  @Column('integer', { name: 'last_status_code', nullable: true }) lastStatusCode!: number | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError!: string | null;
  @Column('text', { name: 'last_error_code', nullable: true }) lastErrorCode!: string | null;
  @Column('jsonb', { name: 'attempt_log', default: [] }) attemptLog!: WebhookAttempt[];
  @Column('timestamptz', { name: 'delivered_at', nullable: true }) deliveredAt!: Date | null;
  @Column('text', { name: 'redelivery_of', nullable: true }) redeliveryOf!: string | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}
