import { Inject, Injectable } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { DATA_SOURCE } from '@minsheng/shared/runtime';
import { type StatsCounts } from './stats-metrics';

export const STATS_DIMENSIONS = ['county', 'town', 'department', 'channel'] as const;
export type StatsDimension = (typeof STATS_DIMENSIONS)[number];
export const STATS_PERIODS = ['day', 'week', 'month'] as const;
/** `total`: one row per group over the whole range (the ranking view). */
export type StatsPeriod = (typeof STATS_PERIODS)[number] | 'total';

export interface StatsFilter {
  period: StatsPeriod;
  /** Shanghai calendar days, both included; a ticket counts on the day it was received. */
  from: string;
  to: string;
  groupBy: StatsDimension[];
  /** undefined = all; an empty list matches nothing (a scope narrowed to nothing). */
  counties?: string[];
  towns?: string[];
  departments?: string[];
  channels?: string[];
  /** "Overdue now" is measured at this instant. */
  now: Date;
}

export interface Coded {
  code: string | null;
  name: string | null;
}

export interface StatsRow extends StatsCounts {
  /** First day of the period (weeks start on Monday); null for `total`. */
  periodStart: string | null;
  county?: Coded;
  town?: Coded;
  department?: Coded;
  channel?: Coded;
}

const COLUMN: Record<StatsDimension, string> = {
  county: 'county_code',
  town: 'town_code',
  department: 'department',
  channel: 'channel',
};

const PERIOD_START: Record<StatsPeriod, string> = {
  day: 'day',
  week: `date_trunc('week', day)::date`,
  month: `date_trunc('month', day)::date`,
  total: 'NULL::date',
};

const COUNTERS = [
  ['received', 'received'],
  ['routed_auto', 'routedAuto'],
  ['triaged', 'triaged'],
  ['dispatched', 'dispatched'],
  ['accepted', 'accepted'],
  ['returned', 'returned'],
  ['closed', 'closed'],
  ['closed_on_time', 'closedOnTime'],
  ['handling_days', 'handlingWorkingDays'],
  ['rated', 'rated'],
  ['satisfied', 'satisfied'],
  ['basically_satisfied', 'basicallySatisfied'],
  ['dissatisfied', 'dissatisfied'],
  ['overdue', 'overdue'],
  ['escalated', 'escalated'],
  ['overdue_now', 'overdueNow'],
] as const;

type Raw = Record<string, string | number | null>;

/**
 * 亮晒比 figures from the rollup (stats_daily plus the deltas not yet folded into it, read in one statement so a
 * concurrent compaction neither hides nor doubles anything) and "overdue now" from the partial due index of
 * ticket_heads. The API and bench:stats both ask through here.
 */
@Injectable()
export class StatsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async figures(f: StatsFilter): Promise<StatsRow[]> {
    const params: unknown[] = [
      f.from,
      f.to,
      f.counties ?? null,
      f.towns ?? null,
      f.departments ?? null,
      f.channels ?? null,
      f.now,
    ];
    const filter = (county: string, town: string, department: string, channel: string) =>
      `($3::text[] IS NULL OR ${county} = ANY($3::text[])) AND ($4::text[] IS NULL OR ${town} = ANY($4::text[]))
       AND ($5::text[] IS NULL OR ${department} = ANY($5::text[])) AND ($6::text[] IS NULL OR ${channel} = ANY($6::text[]))`;
    const rollupCounters = COUNTERS.filter(([c]) => c !== 'overdue_now')
      .map(([c]) => c)
      .join(', ');
    const rollup = (table: string) =>
      `SELECT day, county_code, town_code, department, channel, ${rollupCounters}, 0 AS overdue_now FROM ${table}
       WHERE day BETWEEN $1::date AND $2::date AND ${filter('county_code', 'town_code', 'department', 'channel')}`;
    const zeros = COUNTERS.filter(([c]) => c !== 'overdue_now')
      .map(([c]) => `0 AS ${c}`)
      .join(', ');
    const heads = `SELECT stats_shanghai_day(h.received_at) AS day, coalesce(h.county_code, '') AS county_code,
         coalesce(h.town_code, '') AS town_code, coalesce(h.lead_department, '') AS department, h.channel, ${zeros},
         1 AS overdue_now
       FROM ticket_heads h
       WHERE h.mode = 'auto' AND h.status IN ('routed', 'accepted') AND h.due_at < $7::timestamptz
         AND h.received_at >= ($1::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
         AND h.received_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
         AND ${filter(`coalesce(h.county_code, '')`, `coalesce(h.town_code, '')`, `coalesce(h.lead_department, '')`, 'h.channel')}`;
    const dims = STATS_DIMENSIONS.map((d) =>
      f.groupBy.includes(d) ? `${COLUMN[d]} AS ${d}` : `NULL::text AS ${d}`,
    );
    const groupCols = ['period_start', ...f.groupBy];
    const sums = COUNTERS.map(([c]) => `sum(${c})::bigint AS ${c}`).join(', ');
    const rows = await this.db.query<Raw[]>(
      `SELECT to_char(g.period_start, 'YYYY-MM-DD') AS period_start, g.county, dc.name AS county_name, g.town,
         dt.name AS town_name, g.department, dp.name AS department_name, g.channel, ${COUNTERS.map(([c]) => `g.${c}`).join(', ')}
       FROM (
         SELECT ${PERIOD_START[f.period]} AS period_start, ${dims.join(', ')}, ${sums}
         FROM (${rollup('stats_daily')} UNION ALL ${rollup('stats_deltas')} UNION ALL ${heads}) src
         GROUP BY ${groupCols.join(', ')}
       ) g
       LEFT JOIN divisions dc ON dc.code = g.county
       LEFT JOIN divisions dt ON dt.code = g.town
       LEFT JOIN departments dp ON dp.code = g.department
       ORDER BY g.period_start, g.county, g.town, g.department, g.channel`,
      params,
    );
    return rows.map((r) => this.toRow(r, f.groupBy));
  }

  /** Folds pending deltas into stats_daily (one caller at a time; the others get 0). Returns the deltas folded. */
  async compact(maxRows = 100_000): Promise<number> {
    const [row] = await this.db.query<{ n: number }[]>(`SELECT stats_compact($1) AS n`, [maxRows]);
    return Number(row?.n ?? 0);
  }

  async pendingDeltas(): Promise<number> {
    const [row] = await this.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM stats_deltas`);
    return Number(row?.n ?? 0);
  }

  private toRow(r: Raw, groupBy: StatsDimension[]): StatsRow {
    const row = { periodStart: r.period_start as string | null } as StatsRow;
    for (const d of groupBy) {
      const code = (r[d] as string | null) || null;
      row[d] = { code, name: d === 'channel' ? code : ((r[`${d}_name`] as string | null) ?? null) };
    }
    for (const [column, key] of COUNTERS) row[key] = Number(r[column] ?? 0);
    return row;
  }
}
