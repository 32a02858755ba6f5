import { type DataSource } from 'typeorm';
import { WorkingCalendar, type CalendarDay } from '../calendar';
import { Gazetteer, type AliasEntry, type Division, type HintEntry } from '../gazetteer';
import { compileRuleSet, type RuleAction, type RuleSetDocument, validateRuleSet } from '../rules';
import { type DepartmentInfo } from '../unit-naming';
import { DEFAULT_POLICY, type RoutingContext, type RoutingPolicy } from '../routing-context';

export interface PublishedRules {
  rules: RoutingContext['rules'];
  ruleActions: RoutingContext['ruleActions'];
}

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
    return rulesOf(checked.ruleSet, version);
  }

  /** The working calendar as admins keep it (the years the State Council has published). */
  async loadCalendar(): Promise<WorkingCalendar> {
    const [days, years] = await Promise.all([
      this.db.query<CalendarDay[]>(
        `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name FROM calendar_days`,
      ),
      this.db.query<{ year: number }[]>(`SELECT year FROM calendar_years`),
    ]);
    return new WorkingCalendar(
      days.map((d) => ({ ...d, name: d.name ?? undefined })),
      years.map((y) => y.year),
    );
  }

  async loadContext(): Promise<RoutingContext> {
    const [divisions, aliases, hints, departments, units, calendar, version] = await Promise.all([
      this.db.query<Division[]>(`SELECT code, name, level, parent_code AS "parentCode" FROM divisions`),
      this.db.query<AliasEntry[]>(`SELECT alias, code, note FROM jurisdiction_aliases`),
      this.db.query<HintEntry[]>(`SELECT channel, kind, value, code FROM channel_hints`),
      this.db.query<DepartmentInfo[]>(`SELECT code, name, levels FROM departments`),
      this.db.query<{ department_code: string; division_code: string; unit_name: string }[]>(
        `SELECT department_code, division_code, unit_name FROM units`,
      ),
      this.loadCalendar(),
      this.publishedRuleSetVersion(),
    ]);
    return {
      gazetteer: Gazetteer.fromDivisions(divisions, {
        aliases: aliases.map((a) => ({ ...a, note: a.note ?? undefined })),
        hints,
      }),
      departments: new Map(departments.map((d) => [d.code, d])),
      units: new Map(units.map((u) => [`${u.department_code}@${u.division_code}`, u.unit_name])),
      calendar,
      policy: this.policy,
      ...(await this.loadRules(version)),
    };
  }
}

export function rulesOf(doc: RuleSetDocument, version: number): PublishedRules {
  return {
    rules: compileRuleSet(doc, version),
    ruleActions: new Map<string, RuleAction>(doc.rules.map((r) => [r.id, r.then])),
  };
}
