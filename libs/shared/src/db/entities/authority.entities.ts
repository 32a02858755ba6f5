import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An Idempotency-Key as the gateway first saw it (per API key): which ticket and which request it was for, so the
 * same key on another ticket or with another body is refused instead of being swallowed as "already applied".
 */
@Entity('feedback_requests')
@Index('ix_feedback_requests_created_at', ['createdAt'])
export class FeedbackRequestEntity {
  /** The event id derived from the API key and the Idempotency-Key. */
  @PrimaryColumn('text', { name: 'event_id' }) eventId!: string;
  @Column('text', { name: 'key_id' }) keyId!: string;
  @Column('text', { name: 'item_id' }) itemId!: string;
  @Column('text', { name: 'request_sha256' }) requestSha256!: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}

/**
 * The newest signing time of a push delivery accepted for an item: a delivery signed earlier (a replay inside the
 * signature window) is stale and cannot roll the item back.
 */
@Entity('push_item_clocks')
export class PushItemClockEntity {
  @PrimaryColumn('text', { name: 'item_id' }) itemId!: string;
  /** X-Minsheng-Timestamp of the newest accepted delivery, Unix seconds. */
  @Column('bigint', { name: 'signed_at' }) signedAt!: string;
  /** The raw bodies (sha256) accepted with that timestamp: two updates may share a second, a replay may not. */
  @Column('text', { name: 'raw_sha256s', array: true }) rawSha256s!: string[];
  /** The body accepted last: its retry is harmless (unchanged), an older one of the same second is a replay. */
  @Column('text', { name: 'last_raw_sha256' }) lastRawSha256!: string;
}
