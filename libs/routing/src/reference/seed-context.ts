import { type Division } from '../gazetteer';
import { type RuleSetDocument } from '../rules';
import calendar from '@minsheng/shared/seed/cn-calendar-2026.json';
import departments from '@minsheng/shared/seed/departments.json';
import divisions from '@minsheng/shared/seed/fuyang-divisions.json';
import pack from '@minsheng/shared/seed/rule-pack/fuyang-default.json';
import { buildRoutingContext, type RoutingContextSource } from './context-source';
import { DEFAULT_POLICY, type RoutingContext } from '../routing-context';

/** The version number the default pack is published under by the migrations. */
export const DEFAULT_PACK_VERSION = 2;

/** Routing context from the seed data alone: what the router would use on a fresh database. */
export function seedRoutingContext(): RoutingContext {
  return buildRoutingContext(seedContextSource());
}

/** The seed data as a context source. */
export function seedContextSource(): RoutingContextSource {
  return {
    divisions: divisions as Division[],
    aliases: [],
    hints: [],
    departments: departments.departments,
    units: [],
    calendar: {
      days: calendar.days as { date: string; kind: 'holiday' | 'workday' }[],
      years: [calendar.year],
    },
    policy: DEFAULT_POLICY,
    ruleSet: { document: pack as RuleSetDocument, version: DEFAULT_PACK_VERSION },
  };
}
