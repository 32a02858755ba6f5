import { type AppealItemV1, type Decision } from '@minsheng/shared/contracts';
import { type RuleEvaluation, type UnitLevelChoice } from '../rules';
import { type RoutingContext } from '../routing-context';
import { type DepartmentInfo } from '../unit-naming';

/** Stage 2: the published rules read the appeal with its trusted place codes (谁主管谁负责). */
export function evaluateRules(
  item: AppealItemV1,
  jurisdiction: Decision['jurisdiction'],
  ctx: RoutingContext,
): RuleEvaluation {
  return ctx.rules.evaluate({
    title: item.title,
    content: item.content,
    address: item.location.addressText,
    channel: item.channel,
    appealType: item.appealType,
    codes: jurisdiction.codes,
    sourceTypeLabel: item.sourceTypeLabel,
    sourceDomainLabel: item.sourceDomainLabel,
    riskFlags: item.riskFlags,
    receivedAt: item.receivedAt,
  });
}

export interface Competent {
  dept: DepartmentInfo;
  /** The level the naming rule asked for; 'auto' leaves it to territorial management. */
  level: UnitLevelChoice;
  ruleId: string;
}

/**
 * The first competent department not excluded, walking the matching rules in precedence order, or why there is
 * none (the line a triage decision ends with).
 */
export function competentDepartment(
  ev: RuleEvaluation,
  ctx: RoutingContext,
  exclude: ReadonlySet<string>,
): Competent | { missing: string } {
  const chosen = nextLead(ev, ctx, exclude);
  if (!chosen) return { missing: 'department: no rule names a competent department' };
  const dept = ctx.departments.get(chosen.department);
  if (!dept) return { missing: `department ${chosen.department} is not in the catalogue` };
  return { dept, level: chosen.level, ruleId: chosen.ruleId };
}

function nextLead(ev: RuleEvaluation, ctx: RoutingContext, exclude: ReadonlySet<string>) {
  if (ev.lead && !exclude.has(ev.lead.department)) return ev.lead;
  for (const m of ev.matches) {
    const lead = ctx.ruleActions.get(m.ruleId)?.lead;
    if (lead && !exclude.has(lead.department))
      return { department: lead.department, level: lead.level ?? 'auto', ruleId: m.ruleId };
  }
  return undefined;
}
