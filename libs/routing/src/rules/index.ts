export {
  CONDITION_KINDS,
  DEFAULT_TEXT_FIELDS,
  KEYWORD_MAX_LENGTH,
  RULE_ID_PATTERN,
  TEXT_FIELDS,
  conditionSchema,
  ruleActionSchema,
  ruleSchema,
  ruleSetDocumentSchema,
  ruleSetJsonSchema,
  unitRefSchema,
  type Condition,
  type ConditionKind,
  type KeywordLists,
  type Rule,
  type RuleAction,
  type RuleSetDocument,
  type TextField,
  type UnitLevelChoice,
  type UnitRef,
} from './rule-set.schema';
export {
  validateRuleSet,
  RuleSetValidationError,
  type RuleSetContext,
  type RuleSetError,
  type RuleSetValidation,
} from './validate-rule-set';
export {
  REGEX_MAX_LENGTH,
  REGEX_MAX_PROGRAM_SIZE,
  compileRuleRegex,
  type RegexCompilation,
} from './regex-limits';
export { compileRuleSet, CompiledRuleSet, type RuleEvaluator, type RuleSetStats } from './compiled-rule-set';
export { PRECEDENCE_EXPLANATION } from './precedence';
export type { ChosenUnit, RuleEvaluation, RuleInput, RuleMatch } from './rule-evaluation';
