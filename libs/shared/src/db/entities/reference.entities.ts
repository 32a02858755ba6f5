import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('divisions')
export class DivisionEntity {
  @PrimaryColumn('text') code!: string;
  @Column('text') name!: string;
  @Column('text') level!: 'county' | 'town' | 'village';
  @Column('text', { name: 'parent_code' }) parentCode!: string;
}

@Entity('departments')
export class DepartmentEntity {
  @PrimaryColumn('text') code!: string;
  @Column('text') name!: string;
  @Column('text') kind!: string;
  @Column('text', { array: true }) levels!: string[];
  @Column('text') scope!: string;
}

@Entity('calendar_days')
export class CalendarDayEntity {
  @PrimaryColumn('date') date!: string;
  @Column('text') kind!: 'holiday' | 'workday';
  @Column('text', { nullable: true }) name!: string | null;
}

@Entity('calendar_years')
export class CalendarYearEntity {
  @PrimaryColumn('integer') year!: number;
  @Column('text') source!: string;
}

/** One row: bumped by a trigger on every routing reference table, so routers know when to reload them. */
@Entity('reference_data_version')
export class ReferenceDataVersionEntity {
  @PrimaryColumn('smallint') id!: number;
  @Column('bigint', { default: 0 }) version!: string;
  @Column('timestamptz', { name: 'changed_at', default: () => 'now()' }) changedAt!: Date;
}
