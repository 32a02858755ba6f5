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
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
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
  @Column('text', { nullable: true }) error!: string | null;
}
