import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A channel that pushes appeals to the gateway (WeChat mini-programs, new-media accounts): POST /intake/:channel. */
@Entity('push_channels')
export class PushChannelEntity {
  /** Also the item's channel: a lower_snake identifier (see channelSchema). */
  @PrimaryColumn('text') channel!: string;
  /**
   * HMAC-SHA256 key the channel signs its deliveries with, sealed with SECRETS_KEY (AES-256-GCM, `enc:v1:…`) when set
   * through the operator API; a value without that prefix predates encryption and is read as given.
   */
  @Column('text') secret!: string;
  @Column('boolean', { default: true }) enabled!: boolean;
  /** Largest accepted body; the gateway's JSON parser limit (1 MB) caps it in any case. */
  @Column('integer', { name: 'max_body_bytes', default: 262144 }) maxBodyBytes!: number;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}
