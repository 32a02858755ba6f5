import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { DepartmentEntity, DivisionEntity } from './reference.entities';

/** Admin-maintained names for places the gazetteer does not know (新区, 小区, POIs) → a division at any level. */
@Entity('jurisdiction_aliases')
export class JurisdictionAliasEntity {
  @PrimaryColumn('text') alias!: string;
  @Column('text') code!: string;
  @ManyToOne(() => DivisionEntity)
  @JoinColumn({ name: 'code', foreignKeyConstraintName: 'jurisdiction_aliases_code_fkey' })
  division?: DivisionEntity;
  @Column('text', { nullable: true }) note!: string | null;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}

/** A channel's own pointer to a place: a People's Daily board fid, a mailbox owner, a department name. */
@Entity('channel_hints')
export class ChannelHintEntity {
  @PrimaryColumn('text') channel!: string;
  @PrimaryColumn('text') kind!: 'board' | 'mailbox' | 'dept';
  @PrimaryColumn('text') value!: string;
  @Column('text') code!: string;
  @ManyToOne(() => DivisionEntity)
  @JoinColumn({ name: 'code', foreignKeyConstraintName: 'channel_hints_code_fkey' })
  division?: DivisionEntity;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}

/** The concrete unit name where it is not "<place><department>", e.g. a development zone's 管委会 bureau. */
@Entity('units')
export class UnitEntity {
  @PrimaryColumn('text', { name: 'department_code' }) departmentCode!: string;
  @ManyToOne(() => DepartmentEntity)
  @JoinColumn({ name: 'department_code', foreignKeyConstraintName: 'units_department_code_fkey' })
  department?: DepartmentEntity;
  @PrimaryColumn('text', { name: 'division_code' }) divisionCode!: string;
  @Column('text', { name: 'unit_name' }) unitName!: string;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}

@Entity('audit_log')
@Index('ix_audit_log_entity', ['entity', 'entityId', 'at'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text') actor!: string;
  @Column('text') action!: string;
  @Column('text') entity!: string;
  @Column('text', { name: 'entity_id' }) entityId!: string;
  @Column('jsonb', { nullable: true }) before!: unknown;
  @Column('jsonb', { nullable: true }) after!: unknown;
  @Column('timestamptz', { default: () => 'now()' }) at!: Date;
}

@Entity('item_fingerprints')
@Index('ix_item_fingerprints_band0', ['band0', 'receivedAt'])
@Index('ix_item_fingerprints_band1', ['band1', 'receivedAt'])
@Index('ix_item_fingerprints_band2', ['band2', 'receivedAt'])
@Index('ix_item_fingerprints_band3', ['band3', 'receivedAt'])
@Index('ix_item_fingerprints_phone', ['phoneHash', 'receivedAt'])
export class ItemFingerprintEntity {
  @PrimaryColumn('text', { name: 'item_id' }) itemId!: string;
  @Column('bigint') simhash!: string;
  @Column('integer') band0!: number;
  @Column('integer') band1!: number;
  @Column('integer') band2!: number;
  @Column('integer') band3!: number;
  @Column('text', { name: 'county_code', nullable: true }) countyCode!: string | null;
  @Column('text', { name: 'phone_hash', nullable: true }) phoneHash!: string | null;
  @Column('timestamptz', { name: 'received_at' }) receivedAt!: Date;
}

@Entity('feedback_events')
@Index('ix_feedback_events_item', ['itemId', 'at'])
export class FeedbackEventEntity {
  @PrimaryColumn('text', { name: 'event_id' }) eventId!: string;
  @Column('text', { name: 'item_id' }) itemId!: string;
  @Column('integer', { name: 'decision_revision' }) decisionRevision!: number;
  @Column('text') kind!: 'accepted' | 'returned' | 'closed' | 'dispatched';
  @Column('text') department!: string;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('text') actor!: string;
  @Column('timestamptz') at!: Date;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}
