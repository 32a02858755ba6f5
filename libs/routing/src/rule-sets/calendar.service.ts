import { Injectable } from '@nestjs/common';
import { type CalendarDay } from '../calendar';
import { audit } from '@minsheng/shared/audit';
import { CalendarRepository } from './calendar.repository';

export class CalendarYearError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid calendar year: ${problems.join('; ')}`);
    this.name = 'CalendarYearError';
  }
}

/**
 * Admins add (or replace) a year of the working-day calendar when the State Council publishes it each November;
 * until then deadlines in that year fall back to Monday–Friday and say so.
 */
@Injectable()
export class CalendarService {
  constructor(private readonly calendar: CalendarRepository) {}

  async putYear(year: number, source: string, days: CalendarDay[], actor: string): Promise<void> {
    const problems = days.flatMap((d) => {
      const out: string[] = [];
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date) || Number.isNaN(Date.parse(`${d.date}T00:00:00Z`)))
        out.push(`${d.date}: not a date`);
      else if (Number(d.date.slice(0, 4)) !== year) out.push(`${d.date}: not in ${year}`);
      if (d.kind !== 'holiday' && d.kind !== 'workday')
        out.push(`${d.date}: kind must be holiday or workday`);
      return out;
    });
    if (!Number.isInteger(year) || year < 2000 || year > 2100) problems.push(`year ${year} is out of range`);
    if (new Set(days.map((d) => d.date)).size !== days.length) problems.push('a date appears twice');
    if (problems.length) throw new CalendarYearError(problems);
    await this.calendar.transaction(async (tx) => {
      const before = (await this.calendar.days(year, tx)).map(({ date, kind }) => ({ date, kind }));
      await this.calendar.replaceYear(tx, year, source, days);
      await audit(tx, {
        actor,
        action: 'calendar.put_year',
        entity: 'calendar_year',
        entityId: String(year),
        before,
        after: days,
      });
    });
  }
}
