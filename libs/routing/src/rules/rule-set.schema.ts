import { z } from 'zod';
import { appealTypeSchema, channelSchema, type AppealType } from '@minsheng/shared/contracts/appeal-item.v1';
import { gradeSchema } from '@minsheng/shared/contracts/routed-ticket.v1';

/*
 * Routing rules are data: admins edit them, they are stored as JSON (rule_sets / routing_rules) and published
 * as a numbered version. This file is the one definition of their shape; `ruleSetJsonSchema()` exports it for
 * editors. Checks that need more than the shape (department catalogue, RE2 compilation, duplicate ids) live in
 * validate-rule-set.ts.
 */

export const TEXT_FIELDS = ['title', 'content', 'address'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
/** Where keyword and regex conditions look when a condition names no fields. */
export const DEFAULT_TEXT_FIELDS: readonly TextField[] = ['title', 'content'];

export const KEYWORD_MAX_LENGTH = 50;

export interface KeywordLists {
  any?: string[];
  all?: string[];
  none?: string[];
}

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { keywords: KeywordLists; in?: TextField[] }
  | { regex: string; in?: TextField[] }
  | { channel: string[] }
  | { appealType: AppealType[] }
  | { jurisdiction: { codes?: string[]; prefixes?: string[] } }
  | { label: { sourceType?: string[]; sourceDomain?: string[] } }
  | { riskFlags: { any?: string[]; all?: string[] } }
  | { timeOfDay: { from: string; to: string } }
  | { dayOfWeek: number[] };

/** The key that names a condition's kind; a condition object holds exactly one of them (plus `in`). */
export const CONDITION_KINDS = [
  'all',
  'any',
  'not',
  'keywords',
  'regex',
  'channel',
  'appealType',
  'jurisdiction',
  'label',
  'riskFlags',
  'timeOfDay',
  'dayOfWeek',
] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

/** Issues raised by refinements carry a stable code in `params.code` (see validate-rule-set.ts). */
const coded = (code: string, message: string) => ({ message, params: { code } });

const keyword = z
  .string()
  .min(1, 'a keyword must not be empty')
  .max(KEYWORD_MAX_LENGTH, `a keyword is at most ${KEYWORD_MAX_LENGTH} characters`)
  .regex(/\S/, 'a keyword must not be blank');
const keywordList = z.array(keyword).min(1, 'a keyword list must not be empty');
const textFields = z.array(z.enum(TEXT_FIELDS)).min(1, 'in: name at least one field');
const nonEmpty = (what: string) => z.array(z.string().min(1)).min(1, `${what} must not be empty`);
const divisionCode = z.string().regex(/^\d{2,12}$/, 'a division code is 2 to 12 digits');
/** HH:mm, 00:00–23:59. */
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time must be HH:mm between 00:00 and 23:59');

const keywordsCondition = z.strictObject({
  keywords: z
    .strictObject({ any: keywordList.optional(), all: keywordList.optional(), none: keywordList.optional() })
    .refine(
      (k) => k.any !== undefined || k.all !== undefined || k.none !== undefined,
      coded('empty_keywords', 'keywords needs at least one of any, all, none'),
    ),
  in: textFields.optional(),
});

const regexCondition = z.strictObject({
  regex: z.string().min(1, 'regex must not be empty'),
  in: textFields.optional(),
});

const channelCondition = z.strictObject({
  channel: z.array(channelSchema).min(1, 'channel must not be empty'),
});

const appealTypeCondition = z.strictObject({
  appealType: z.array(appealTypeSchema).min(1, 'appealType must not be empty'),
});

const jurisdictionCondition = z.strictObject({
  jurisdiction: z
    .strictObject({
      codes: z.array(divisionCode).min(1, 'codes must not be empty').optional(),
      prefixes: z.array(divisionCode).min(1, 'prefixes must not be empty').optional(),
    })
    .refine(
      (j) => j.codes !== undefined || j.prefixes !== undefined,
      coded('empty_jurisdiction', 'jurisdiction needs codes or prefixes'),
    ),
});

const labelCondition = z.strictObject({
  label: z
    .strictObject({
      sourceType: nonEmpty('sourceType').optional(),
      sourceDomain: nonEmpty('sourceDomain').optional(),
    })
    .refine(
      (l) => l.sourceType !== undefined || l.sourceDomain !== undefined,
      coded('empty_label', 'label needs sourceType or sourceDomain'),
    ),
});

const riskFlagsCondition = z.strictObject({
  riskFlags: z
    .strictObject({ any: nonEmpty('riskFlags.any').optional(), all: nonEmpty('riskFlags.all').optional() })
    .refine(
      (r) => r.any !== undefined || r.all !== undefined,
      coded('empty_risk_flags', 'riskFlags needs any or all'),
    ),
});

const timeOfDayCondition = z.strictObject({
  timeOfDay: z
    .strictObject({ from: clockTime, to: clockTime })
    .refine((t) => t.from !== t.to, coded('empty_time_window', 'timeOfDay: from and to must differ')),
});

const dayOfWeekCondition = z.strictObject({
  dayOfWeek: z
    .array(
      z
        .number()
        .int('a day of the week is an integer')
        .min(1, 'dayOfWeek is 1 (Monday) … 7 (Sunday)')
        .max(7, 'dayOfWeek is 1 (Monday) … 7 (Sunday)'),
    )
    .min(1, 'dayOfWeek must not be empty'),
});

/**
 * Options are listed in the order of CONDITION_KINDS: validate-rule-set.ts picks a union branch's issues by the
 * kind key present in the input.
 */
export const conditionSchema: z.ZodType<Condition> = z
  .union([
    z.strictObject({
      get all() {
        return z.array(conditionSchema).min(1, 'all must not be empty');
      },
    }),
    z.strictObject({
      get any() {
        return z.array(conditionSchema).min(1, 'any must not be empty');
      },
    }),
    z.strictObject({
      get not() {
        return conditionSchema;
      },
    }),
    keywordsCondition,
    regexCondition,
    channelCondition,
    appealTypeCondition,
    jurisdictionCondition,
    labelCondition,
    riskFlagsCondition,
    timeOfDayCondition,
    dayOfWeekCondition,
  ])
  .meta({
    id: 'RuleCondition',
    description: 'One condition: exactly one kind key (keywords and regex may add `in`).',
  });

export const unitRefSchema = z.strictObject({
  department: z.string().min(1, 'department must not be empty'),
  /** 'auto' (the default): territorial management decides the level. */
  level: z.enum(['auto', 'city', 'county', 'town']).optional(),
});
export type UnitRef = z.infer<typeof unitRefSchema>;
export type UnitLevelChoice = NonNullable<UnitRef['level']>;

export const ruleActionSchema = z.strictObject({
  lead: unitRefSchema.optional(),
  co: z.array(unitRefSchema).optional(),
  grade: gradeSchema.optional(),
  /** The matter goes to the town (乡镇/街道) office level. */
  territorial: z.boolean().optional(),
  cityWide: z.boolean().optional(),
  tags: z.array(z.string().min(1).max(40)).optional(),
  /** A matching rule with stop ends evaluation: later rules are not considered. */
  stop: z.boolean().optional(),
});
export type RuleAction = z.infer<typeof ruleActionSchema>;

export const RULE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,63}$/;

export const ruleSchema = z.strictObject({
  id: z.string().regex(RULE_ID_PATTERN, 'id is 2–64 characters of a-z, 0-9 and -, not starting with -'),
  name: z.string().min(1, 'name must not be empty').max(200),
  /** Lower wins; ties are broken by id. */
  priority: z.number().int('priority is an integer').min(-1_000_000).max(1_000_000),
  enabled: z.boolean(),
  when: conditionSchema,
  then: ruleActionSchema,
  note: z.string().max(2000).optional(),
});
export type Rule = z.infer<typeof ruleSchema>;

export const ruleSetDocumentSchema = z.strictObject({ rules: z.array(ruleSchema) }).meta({
  id: 'RuleSetDocument',
  title: 'Routing rule set',
  description: 'The rules of one rule-set version.',
});
export type RuleSetDocument = z.infer<typeof ruleSetDocumentSchema>;

/** JSON Schema (draft 2020-12) of a rule-set document, for admin editors and the stored column. */
export function ruleSetJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ruleSetDocumentSchema);
}
