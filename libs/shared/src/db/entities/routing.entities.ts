import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { type RoutedTicketV1 } from '../../contracts/routed-ticket.v1';

@Entity('rule_sets')
@Index('ux_rule_sets_published', ['status'], { unique: true, where: `"status" = 'published'` })
export class RuleSetEntity {
  @PrimaryColumn('integer') version!: number;
  @Column('text') status!: 'draft' | 'published' | 'archived';
  @Column('text', { nullable: true }) note!: string | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt!: Date | null;
  /** The rules of this version (RuleSetDocument); immutable once published. */
  @Column('jsonb') document!: unknown;
  @Column('text', { name: 'created_by', default: 'system' }) createdBy!: string;
}

/**
 * One row per (item, item revision, decision revision). source_partition/offset record which message produced it:
 * a later message with the same key and revision is a duplicate delivery and is not published again.
 */
@Entity('routing_decisions')
@Index('ux_routing_decisions_origin', ['sourceTopic', 'sourcePartition', 'sourceOffset'], { unique: true })
export class RoutingDecisionEntity {
  @PrimaryColumn('text', { name: 'item_id' }) itemId!: string;
  @PrimaryColumn('integer', { name: 'item_revision' }) itemRevision!: number;
  @PrimaryColumn('integer', { name: 'decision_revision' }) decisionRevision!: number;
  @Column('text') mode!: 'auto' | 'triage';
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('text', { name: 'county_code', nullable: true }) countyCode!: string | null;
  @Column('text', { name: 'department_code', nullable: true }) departmentCode!: string | null;
  @Column('text') grade!: string;
  @Column('timestamptz', { name: 'due_at', nullable: true }) dueAt!: Date | null;
  @Column('integer', { name: 'rule_set_version' }) ruleSetVersion!: number;
  /** The learned model consulted (docs/decisions/018-learned-routing.md); model_versions has no entity, its rows
   * are written by ModelVersionsRepository only. */
  @Column('text', { name: 'model_version', nullable: true }) modelVersion!: string | null;
  @Column('jsonb') ticket!: RoutedTicketV1;
  /** Copies of ticket fields for the statistics trigger (decision 040); null in rows written before it. */
  @Column('text', { nullable: true }) channel!: string | null;
  @Column('text', { name: 'town_code', nullable: true }) townCode!: string | null;
  @Column('timestamptz', { name: 'received_at', nullable: true }) receivedAt!: Date | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt!: Date | null;
  @Column('text', { name: 'source_topic', default: 'appeal.items.v1' }) sourceTopic!: string;
  @Column('integer', { name: 'source_partition' }) sourcePartition!: number;
  @Column('bigint', { name: 'source_offset' }) sourceOffset!: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}
