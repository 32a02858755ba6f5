import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const TICKET_STATUSES = ['triage', 'routed', 'accepted', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/**
 * The current state of each appeal: its newest decision plus what the handling unit said about it. A return (退单)
 * is not a status of its own: the router re-dispatches at once, so the head moves to the new decision.
 */
@Entity('ticket_heads')
@Check('ticket_heads_status_check', `"status" IN ('triage', 'routed', 'accepted', 'closed')`)
@Index('ix_ticket_heads_received', ['receivedAt', 'itemId'])
@Index('ix_ticket_heads_county', ['countyCode', 'receivedAt'])
@Index('ix_ticket_heads_status', ['status', 'receivedAt'])
@Index('ix_ticket_heads_updated', ['updatedAt', 'itemId'])
@Index('ix_ticket_heads_submitted', ['submittedAt', 'itemId'])
@Index('ix_ticket_heads_departments', { synchronize: false })
@Index('ix_ticket_heads_due', { synchronize: false })
@Index('ix_ticket_heads_reopened', { synchronize: false })
export class TicketHeadEntity {
  @PrimaryColumn('text', { name: 'item_id' }) itemId!: string;
  @Column('integer', { name: 'item_revision' }) itemRevision!: number;
  @Column('integer', { name: 'decision_revision' }) decisionRevision!: number;
  @Column('text') status!: TicketStatus;
  @Column('text') mode!: 'auto' | 'triage';
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('text') channel!: string;
  @Column('text', { name: 'county_code', nullable: true }) countyCode!: string | null;
  @Column('text', { name: 'town_code', nullable: true }) townCode!: string | null;
  @Column('text', { name: 'village_code', nullable: true }) villageCode!: string | null;
  @Column('text', { name: 'lead_department', nullable: true }) leadDepartment!: string | null;
  /** Lead and co-handling departments: a department-scoped consumer sees a ticket it takes part in. */
  @Column('text', { array: true, default: '{}' }) departments!: string[];
  @Column('text') grade!: string;
  @Column('timestamptz', { name: 'due_at', nullable: true }) dueAt!: Date | null;
  @Column('timestamptz', { name: 'submitted_at' }) submittedAt!: Date;
  @Column('timestamptz', { name: 'received_at' }) receivedAt!: Date;
  @Column('timestamptz', { name: 'decided_at' }) decidedAt!: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
  /** 办理不满意专区: the re-open number of the current decision after a 不满意 rating, 0 when it is not one. */
  @Column('integer', { name: 'reopen_count', default: 0 }) reopenCount!: number;
}
