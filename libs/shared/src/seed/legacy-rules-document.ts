import { type RuleSetDocument } from '@minsheng/routing/rules';
import { DEFAULT_RULES } from './default-rules';

/** The walking skeleton's keyword rules (rule set 1) in the rule-set document form, so version 1 stays a valid rollback target. */
export function legacyRulesDocument(): RuleSetDocument {
  return {
    rules: DEFAULT_RULES.map((r) => ({
      id: r.id,
      name: r.name,
      priority: r.priority,
      enabled: true,
      when: { keywords: { any: r.keywords } },
      then: { lead: { department: r.department }, grade: r.grade },
    })),
  };
}
