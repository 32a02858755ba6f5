import { type DataSource } from 'typeorm';
import { WorkingCalendar, type CalendarDay } from '@minsheng/shared/calendar';
import { type Grade } from '@minsheng/shared/contracts';
import { Gazetteer, type Division } from '@minsheng/shared/gazetteer';
import { KeywordRuleEngine } from '../rules/keyword-rule-engine';
import { type DepartmentInfo } from '../routing/unit-naming';
import { type RoutingContext } from '../routing/route-item';

/** Reads everything routing needs from PostgreSQL; admins edit these tables, the router reloads them. */
export class ReferenceDataRepository {
  constructor(private readonly db: DataSource) {}

  async publishedRuleSetVersion(): Promise<number> {
    const rows = await this.db.query<{ version: number }[]>(
      `SELECT version FROM rule_sets WHERE status = 'published' ORDER BY published_at DESC NULLS LAST, version DESC LIMIT 1`,
    );
    return rows[0]?.version ?? 0;
  }

  async loadRules(version: number): Promise<KeywordRuleEngine> {
    const rows = await this.db.query<
      {
        id: string;
        name: string;
        keywords: string[];
        department_code: string;
        priority: number;
        grade: Grade;
      }[]
    >(
      `SELECT id, name, keywords, department_code, priority, grade FROM routing_rules WHERE rule_set_version = $1 AND enabled ORDER BY id`,
      [version],
    );
    return new KeywordRuleEngine(
      version,
      rows.map((r) => ({
        id: r.id,
        name: r.name,
        keywords: r.keywords,
        departmentCode: r.department_code,
        priority: r.priority,
        grade: r.grade,
      })),
    );
  }

  async loadContext(): Promise<RoutingContext> {
    const [divisions, departments, days, years, version] = await Promise.all([
      this.db.query<Division[]>(`SELECT code, name, level, parent_code AS "parentCode" FROM divisions`),
      this.db.query<DepartmentInfo[]>(`SELECT code, name, levels FROM departments`),
      this.db.query<CalendarDay[]>(
        `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name FROM calendar_days`,
      ),
      this.db.query<{ year: number }[]>(`SELECT year FROM calendar_years`),
      this.publishedRuleSetVersion(),
    ]);
    return {
      gazetteer: Gazetteer.fromDivisions(divisions),
      departments: new Map(departments.map((d) => [d.code, d])),
      calendar: new WorkingCalendar(
        days.map((d) => ({ ...d, name: d.name ?? undefined })),
        years.map((y) => y.year),
      ),
      rules: await this.loadRules(version),
    };
  }
}
