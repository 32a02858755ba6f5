import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Content-addressed, so the same raw record fetched twice is stored once and a fixed parser can re-read it. */
@Entity('raw_captures')
export class RawCaptureEntity {
  @PrimaryColumn('text') sha256!: string;
  @Column('text', { name: 'connector_id' }) connectorId!: string;
  @Column('text', { name: 'external_id' }) externalId!: string;
  @Column('text', { name: 'content_type' }) contentType!: string;
  @Column('text') body!: string;
  @Column('timestamptz', { name: 'fetched_at' }) fetchedAt!: Date;
}

@Entity('appeal_items')
@Index('ix_appeal_items_received_at', ['receivedAt'])
export class AppealItemEntity {
  @PrimaryColumn('text') id!: string;
  @PrimaryColumn('integer') revision!: number;
  @Column('text') channel!: string;
  @Column('text', { name: 'external_id' }) externalId!: string;
  @Column('text', { name: 'connector_id' }) connectorId!: string;
  @Column('text', { name: 'content_sha256' }) contentSha256!: string;
  @Column('jsonb') payload!: Record<string, unknown>;
  @Column('timestamptz', { name: 'received_at' }) receivedAt!: Date;
}

/** The latest revision of each item and the hash of its content: what decides "unchanged" versus "next revision". */
@Entity('appeal_item_heads')
export class AppealItemHeadEntity {
  @PrimaryColumn('text') id!: string;
  @Column('integer') revision!: number;
  @Column('text', { name: 'content_sha256' }) contentSha256!: string;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}

@Entity('outbox')
@Index('ix_outbox_unsent', ['id'], { where: '"sent_at" IS NULL' })
export class OutboxEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  /** Base topic name (appeal.items.v1); the relay adds the deployment's prefix. */
  @Column('text') topic!: string;
  @Column('text', { name: 'message_key' }) messageKey!: string;
  @Column('text') payload!: string;
  @Column('jsonb', { default: {} }) headers!: Record<string, string>;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt!: Date | null;
}

@Entity('dead_letters')
@Index('ux_dead_letters_origin', ['topic', 'partition', 'offset'], { unique: true })
export class DeadLetterEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text') stage!: string;
  @Column('text', { name: 'reason_code' }) reasonCode!: string;
  @Column('text') reason!: string;
  @Column('text', { nullable: true }) topic!: string | null;
  @Column('integer', { nullable: true }) partition!: number | null;
  @Column('bigint', { nullable: true }) offset!: string | null;
  @Column('text', { name: 'message_key', nullable: true }) messageKey!: string | null;
  @Column('text') payload!: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'replayed_at', nullable: true }) replayedAt!: Date | null;
}
