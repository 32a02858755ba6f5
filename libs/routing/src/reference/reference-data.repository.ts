import { type DataSource } from 'typeorm';
import { WorkingCalendar, type CalendarDay } from '../calendar';
import { type AliasEntry, type Division, type HintEntry } from '../gazetteer';
import { type RuleSetDocument, validateRuleSet } from '../rules';
import { type DepartmentInfo } from '../unit-naming';
import { DEFAULT_POLICY, type RoutingContext, type RoutingPolicy } from '../routing-context';
import {
  buildRoutingContext,
  type PublishedRules,
  rulesOf,
  type RoutingContextSource,
} from './context-source';

export { type PublishedRules, rulesOf } from './context-source';

/** Reads everything routing needs from PostgreSQL; admins edit these tables, the router reloads them. */
export class ReferenceDataRepository {
  constructor(
    private readonly db: DataSource,
    private readonly policy: RoutingPolicy = DEFAULT_POLICY,
  ) {}

  async publishedRuleSetVersion(): Promise<number> {
    const rows = await this.db.query<{ version: number }[]>(
      `SELECT version FROM rule_sets WHERE status = 'published'`,
    );
    return rows[0]?.version ?? 0;
  }

  /** Bumped by a trigger on every reference table (aliases, hints, departments, units, calendar, divisions). */
  async referenceDataVersion(): Promise<string> {
    const rows = await this.db.query<{ version: string }[]>(
      `SELECT version FROM reference_data_version WHERE id = 1`,
    );
    return String(rows[0]?.version ?? '0');
  }

  /** A stored version is checked again before use: a bad document must not take routing down, it is reported. */
  async loadRules(version: number): Promise<PublishedRules> {
    return rulesOf(await this.loadRuleSetDocument(version), version);
  }

  private async loadRuleSetDocument(version: number): Promise<RuleSetDocument> {
    const rows = await this.db.query<{ document: unknown }[]>(
      `SELECT document FROM rule_sets WHERE version = $1`,
      [version],
    );
    const departments = await this.db.query<{ code: string }[]>(`SELECT code FROM departments`);
    const checked = validateRuleSet(rows[0]?.document ?? { rules: [] }, {
      departments: new Set(departments.map((d) => d.code)),
    });
    if (!checked.ok) {
      throw new Error(
        `rule set ${version} is invalid: ${checked.errors.map((e) => `${e.ruleId ?? ''} ${e.path}: ${e.message}`).join('; ')}`,
      );
    }
    return checked.ruleSet;
  }

  /** The working calendar as admins keep it (the years the State Council has published). */
  async loadCalendar(): Promise<WorkingCalendar> {
    const { days, years } = await this.loadCalendarRows();
    return new WorkingCalendar(days, years);
  }

  private async loadCalendarRows(): Promise<RoutingContextSource['calendar']> {
    const [days, years] = await Promise.all([
      this.db.query<CalendarDay[]>(
        `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name FROM calendar_days`,
      ),
      this.db.query<{ year: number }[]>(`SELECT year FROM calendar_years`),
    ]);
    return {
      days: days.map((d) => ({ ...d, name: d.name ?? undefined })),
      years: years.map((y) => y.year),
    };
  }

  async loadContext(): Promise<RoutingContext> {
    return buildRoutingContext(await this.loadContextSource());
  }

  /** The rows of loadContext as plain data (for worker threads that build the same context). */
  async loadContextSource(): Promise<RoutingContextSource> {
    const [divisions, aliases, hints, departments, units, calendar, version] = await Promise.all([
      this.db.query<Division[]>(`SELECT code, name, level, parent_code AS "parentCode" FROM divisions`),
      this.db.query<AliasEntry[]>(`SELECT alias, code, note FROM jurisdiction_aliases`),
      this.db.query<HintEntry[]>(`SELECT channel, kind, value, code FROM channel_hints`),
      this.db.query<DepartmentInfo[]>(`SELECT code, name, levels FROM departments`),
      this.db.query<{ department_code: string; division_code: string; unit_name: string }[]>(
        `SELECT department_code, division_code, unit_name FROM units`,
      ),
      this.loadCalendarRows(),
      this.publishedRuleSetVersion(),
    ]);
    return {
      divisions,
      aliases: aliases.map((a) => ({ ...a, note: a.note ?? undefined })),
      hints,
      departments,
      units: units.map((u): [string, string] => [`${u.department_code}@${u.division_code}`, u.unit_name]),
      calendar,
      policy: this.policy,
      ruleSet: { document: await this.loadRuleSetDocument(version), version },
    };
  }
}
