import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('connector_instances')
export class ConnectorInstanceEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') type!: string;
  @Column('text') name!: string;
  @Column('jsonb', { default: {} }) config!: Record<string, unknown>;
  /** node-cron expression, evaluated in SCHEDULE_TIMEZONE (Asia/Shanghai). */
  @Column('text') schedule!: string;
  @Column('boolean', { default: true }) enabled!: boolean;
  /** Bumped on every change so running schedulers notice edits without a restart. */
  @Column('integer', { default: 1 }) version!: number;
  /** Hosts or CIDRs an admin lets this instance reach although they are not public (decision 022). */
  @Column('text', { name: 'egress_allow', array: true, default: '{}' }) egressAllow!: string[];
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
  /** running | paused | stopped | failed | degraded (degraded = auto-paused, e.g. layout_changed). */
  @Column('text', { default: 'running' }) state!: 'running' | 'paused' | 'stopped' | 'failed' | 'degraded';
  @Column('text', { name: 'status_reason', nullable: true }) statusReason!: string | null;
  @Column('timestamptz', { name: 'last_run_at', nullable: true }) lastRunAt!: Date | null;
  @Column('timestamptz', { name: 'last_success_at', nullable: true }) lastSuccessAt!: Date | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError!: string | null;
  @Column('text', { name: 'last_error_kind', nullable: true }) lastErrorKind!: string | null;
  @Column('integer', { name: 'consecutive_failures', default: 0 }) consecutiveFailures!: number;
  /** After a failure, no run before this (exponential backoff). */
  @Column('timestamptz', { name: 'retry_at', nullable: true }) retryAt!: Date | null;
  @Column('timestamptz', { name: 'next_run_at', nullable: true }) nextRunAt!: Date | null;
  /** "Run now": a pull starts outside the schedule while this is newer than last_run_at; cleared as it starts. */
  @Column('timestamptz', { name: 'run_requested_at', nullable: true }) runRequestedAt!: Date | null;
  @Column('bigint', { name: 'fetched_total', default: 0 }) fetchedTotal!: string;
  @Column('bigint', { name: 'emitted_total', default: 0 }) emittedTotal!: string;
  @Column('bigint', { name: 'quarantined_total', default: 0 }) quarantinedTotal!: string;
  /** The newest upstream submission time seen: how current this channel's data is. */
  @Column('timestamptz', { nullable: true }) freshness!: Date | null;
}

@Entity('connector_cursors')
export class ConnectorCursorEntity {
  @PrimaryColumn('text', { name: 'connector_id' }) connectorId!: string;
  @ManyToOne(() => ConnectorInstanceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'connector_id', foreignKeyConstraintName: 'connector_cursors_connector_id_fkey' })
  instance?: ConnectorInstanceEntity;
  @Column('jsonb') cursor!: Record<string, unknown>;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}

@Entity('connector_runs')
@Index('ix_connector_runs_connector', ['connectorId', 'startedAt'])
export class ConnectorRunEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text', { name: 'connector_id' }) connectorId!: string;
  @ManyToOne(() => ConnectorInstanceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'connector_id', foreignKeyConstraintName: 'connector_runs_connector_id_fkey' })
  instance?: ConnectorInstanceEntity;
  @Column('timestamptz', { name: 'started_at', default: () => 'now()' }) startedAt!: Date;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt!: Date | null;
  @Column('text') status!: 'running' | 'succeeded' | 'failed';
  @Column('integer', { default: 0 }) fetched!: number;
  @Column('integer', { default: 0 }) emitted!: number;
  @Column('integer', { default: 0 }) unchanged!: number;
  @Column('integer', { default: 0 }) quarantined!: number;
  @Column('text', { nullable: true }) error!: string | null;
}
