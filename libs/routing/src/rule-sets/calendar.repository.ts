import { Inject, Injectable } from '@nestjs/common';
import { type DataSource, type EntityManager } from 'typeorm';
import { DATA_SOURCE } from '@minsheng/shared/runtime';
import { type CalendarDay } from '../calendar';

/** calendar_years and calendar_days: a year is replaced whole, when the State Council publishes it. */
@Injectable()
export class CalendarRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Every year on file with the number of its listed days. */
  async years(): Promise<{ year: number; source: string; days: number }[]> {
    const rows = await this.db.query<{ year: number; source: string; days: string }[]>(
      `SELECT y.year, y.source, (SELECT count(*) FROM calendar_days d WHERE extract(year FROM d.date) = y.year) AS days
       FROM calendar_years y ORDER BY y.year`,
    );
    return rows.map((r) => ({ year: r.year, source: r.source, days: Number(r.days) }));
  }

  async source(year: number): Promise<string | undefined> {
    const [row] = await this.db.query<{ source: string }[]>(
      `SELECT source FROM calendar_years WHERE year = $1`,
      [year],
    );
    return row?.source;
  }

  async days(year: number, tx: DataSource | EntityManager = this.db): Promise<CalendarDay[]> {
    const rows = await tx.query<{ date: string; kind: CalendarDay['kind']; name: string | null }[]>(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name FROM calendar_days
       WHERE extract(year FROM date) = $1 ORDER BY date`,
      [year],
    );
    return rows.map((d) => ({ ...d, name: d.name ?? undefined }));
  }

  async replaceYear(tx: EntityManager, year: number, source: string, days: CalendarDay[]): Promise<void> {
    await tx.query(`DELETE FROM calendar_days WHERE extract(year FROM date) = $1`, [year]);
    await tx.query(
      `INSERT INTO calendar_days (date, kind, name) SELECT date::date, kind, name FROM jsonb_to_recordset($1::jsonb) AS d(date text, kind text, name text)`,
      [JSON.stringify(days)],
    );
    await tx.query(
      `INSERT INTO calendar_years (year, source) VALUES ($1, $2) ON CONFLICT (year) DO UPDATE SET source = EXCLUDED.source`,
      [year, source],
    );
  }
}
