import { type Decision } from '@minsheng/shared/contracts';
import { type WorkingCalendar } from './calendar';
import { type Gazetteer } from './gazetteer';
import { type CompiledRuleSet, type RuleAction } from './rules';
import { type DepartmentInfo } from './unit-naming';

export interface RoutingPolicy {
  /** Below this, a place guess is not trusted to dispatch on; the item goes to a person instead. */
  minConfidence: number;
  complexWorkingDays: number;
}

export const DEFAULT_POLICY: RoutingPolicy = { minConfidence: 0.5, complexWorkingDays: 15 };

/** Everything a routing decision reads besides the item: reference data, the published rules, the calendar. */
export interface RoutingContext {
  gazetteer: Gazetteer;
  rules: CompiledRuleSet;
  /** Actions by rule id, to find the next competent department when one returns a ticket. */
  ruleActions: ReadonlyMap<string, RuleAction>;
  departments: ReadonlyMap<string, DepartmentInfo>;
  units: ReadonlyMap<string, string>;
  calendar: WorkingCalendar;
  policy: RoutingPolicy;
}

export interface RouteOptions {
  /** Departments that returned (退单) this ticket: never chosen again for it. */
  exclude?: readonly string[];
  /** 并单: the earlier appeal this one repeats, and its current decision. */
  duplicateOf?: { itemId: string; decision: Decision };
}

/** The unit a decision names as lead or co: a department at a level, with the name of its office there. */
export type Unit = NonNullable<Decision['lead']>;
