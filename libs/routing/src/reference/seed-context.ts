import { WorkingCalendar } from '../calendar';
import { Gazetteer, type Division } from '../gazetteer';
import { type RuleSetDocument } from '../rules';
import calendar from '@minsheng/shared/seed/cn-calendar-2026.json';
import departments from '@minsheng/shared/seed/departments.json';
import divisions from '@minsheng/shared/seed/fuyang-divisions.json';
import pack from '@minsheng/shared/seed/rule-pack/fuyang-default.json';
import { rulesOf } from './reference-data.repository';
import { DEFAULT_POLICY, type RoutingContext } from '../routing-context';

/** The version number the default pack is published under by the migrations. */
export const DEFAULT_PACK_VERSION = 2;

/** Routing context from the seed data alone: what the router would use on a fresh database. */
export function seedRoutingContext(): RoutingContext {
  return {
    gazetteer: Gazetteer.fromDivisions(divisions as Division[]),
    departments: new Map(departments.departments.map((d) => [d.code, d])),
    units: new Map(),
    calendar: new WorkingCalendar(calendar.days as { date: string; kind: 'holiday' | 'workday' }[], [
      calendar.year,
    ]),
    policy: DEFAULT_POLICY,
    ...rulesOf(pack as RuleSetDocument, DEFAULT_PACK_VERSION),
  };
}
