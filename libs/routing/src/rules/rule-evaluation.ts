import type { AppealType } from '@minsheng/shared/contracts/appeal-item.v1';
import type { Grade } from '@minsheng/shared/contracts/routed-ticket.v1';
import type { UnitLevelChoice } from './rule-set.schema';

/** What the rules see of an appeal: its text, channel, type, resolved jurisdiction codes and channel labels. */
export interface RuleInput {
  title?: string;
  content: string;
  address?: string;
  channel: string;
  appealType: AppealType;
  codes: { county?: string; town?: string; village?: string };
  sourceTypeLabel?: string;
  sourceDomainLabel?: string;
  riskFlags: string[];
  /** ISO 8601 with offset; time conditions read it in Asia/Shanghai (+08:00). */
  receivedAt: string;
}

export interface RuleMatch {
  ruleId: string;
  name: string;
  priority: number;
  /** Human-readable reasons, e.g. 「物业」 in content, channel hotline_12345. */
  because: string[];
}

/** A unit chosen by a rule; `level` is always filled in ('auto' when the rule left it out). */
export interface ChosenUnit {
  department: string;
  level: UnitLevelChoice;
  ruleId: string;
}

export interface RuleEvaluation {
  version: number;
  /** Every matching rule, in precedence order (up to and including a stop rule). */
  matches: RuleMatch[];
  lead?: ChosenUnit;
  co: ChosenUnit[];
  grade?: Grade;
  territorial: boolean;
  cityWide: boolean;
  tags: string[];
  stoppedBy?: string;
  explanation: string[];
}
