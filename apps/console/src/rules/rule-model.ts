import type { Schemas } from '../api/client';

export type FieldError = Schemas['RuleSetFieldError'];
export type Grade = 'urgent' | 'simple' | 'general' | 'complex';

interface UnitRef {
  department: string;
  level?: string;
}

/** A rule as the document stores it; fields the form does not edit (tags, stop, territorial…) are kept as they are. */
export interface Rule {
  id: string;
  name: string;
  priority: number;
  enabled: boolean;
  when: Record<string, unknown>;
  then: { lead?: UnitRef; co?: UnitRef[]; grade?: Grade; [k: string]: unknown };
  note?: string;
  [k: string]: unknown;
}

/**
 * The form edits the common shape directly: a top-level keywords condition as tag lists, a top-level regex as
 * text. Any other condition (all/any/not…) is edited as JSON in the same form; the API validates either way.
 */
export interface RuleFormValues {
  id: string;
  name: string;
  priority: number;
  enabled: boolean;
  note?: string;
  any?: string[];
  all?: string[];
  none?: string[];
  regex?: string;
  whenJson?: string;
  lead?: string;
  co?: string[];
  grade?: Grade;
}

export type ConditionShape = 'keywords' | 'regex' | 'json';

export function conditionShape(when: Record<string, unknown>): ConditionShape {
  if ('keywords' in when) return 'keywords';
  if ('regex' in when) return 'regex';
  return 'json';
}

export function toForm(rule: Rule): RuleFormValues {
  const when = rule.when;
  const keywords = (when.keywords ?? {}) as { any?: string[]; all?: string[]; none?: string[] };
  return {
    id: rule.id,
    name: rule.name,
    priority: rule.priority,
    enabled: rule.enabled,
    note: rule.note,
    any: keywords.any ?? [],
    all: keywords.all ?? [],
    none: keywords.none ?? [],
    regex: typeof when.regex === 'string' ? when.regex : undefined,
    whenJson: JSON.stringify(when, null, 2),
    lead: rule.then.lead?.department,
    co: (rule.then.co ?? []).map((c) => c.department),
    grade: rule.then.grade,
  };
}

const listOrOmit = (list: string[] | undefined) => (list && list.length > 0 ? list : undefined);

/** The rule the form describes, on top of the original (so the fields it does not show survive an edit). */
export function fromForm(v: RuleFormValues, shape: ConditionShape, original: Rule | undefined): Rule {
  const base = original ?? { id: v.id, name: '', priority: 0, enabled: true, when: {}, then: {} };
  let when: Record<string, unknown>;
  if (shape === 'keywords')
    when = {
      ...base.when,
      keywords: { any: listOrOmit(v.any), all: listOrOmit(v.all), none: listOrOmit(v.none) },
    };
  else if (shape === 'regex') when = { ...base.when, regex: v.regex ?? '' };
  else when = JSON.parse(v.whenJson ?? '{}') as Record<string, unknown>;
  const levelOf = (department: string, before: UnitRef[] | undefined) =>
    before?.find((u) => u.department === department)?.level;
  const unit = (department: string, before: UnitRef[] | undefined): UnitRef => {
    const level = levelOf(department, before);
    return level ? { department, level } : { department };
  };
  const then = { ...base.then };
  if (v.lead) then.lead = unit(v.lead, base.then.lead ? [base.then.lead] : undefined);
  else delete then.lead;
  if (v.co && v.co.length > 0) then.co = v.co.map((d) => unit(d, base.then.co));
  else delete then.co;
  if (v.grade) then.grade = v.grade;
  else delete then.grade;
  const rule: Rule = {
    ...base,
    id: v.id,
    name: v.name,
    priority: v.priority,
    enabled: v.enabled,
    when,
    then,
  };
  if (v.note) rule.note = v.note;
  else delete rule.note;
  return rule;
}

/** `rules[12].then.lead.department` → 12; errors without a rule index belong to the document. */
export function ruleIndexOf(field: string): number | undefined {
  const m = /^rules\[(\d+)\]/.exec(field);
  return m ? Number(m[1]) : undefined;
}

/** The form field an API error points at, so it shows under that field; undefined → shown above the form. */
export function formFieldOf(field: string, shape: ConditionShape): keyof RuleFormValues | undefined {
  const rest = field.replace(/^rules\[\d+\]\.?/, '');
  const direct: Record<string, keyof RuleFormValues> = {
    id: 'id',
    name: 'name',
    priority: 'priority',
    enabled: 'enabled',
    note: 'note',
  };
  if (direct[rest]) return direct[rest];
  if (rest.startsWith('then.lead')) return 'lead';
  if (rest.startsWith('then.co')) return 'co';
  if (rest.startsWith('then.grade')) return 'grade';
  if (!rest.startsWith('when')) return undefined;
  if (shape === 'keywords') {
    const list = /^when\.keywords\.(any|all|none)/.exec(rest)?.[1];
    return (list as 'any' | 'all' | 'none' | undefined) ?? 'any';
  }
  if (shape === 'regex' && rest.startsWith('when.regex')) return 'regex';
  return 'whenJson';
}

export const GRADE_LABEL: Record<Grade, string> = {
  urgent: '紧急',
  simple: '简易',
  general: '一般',
  complex: '复杂',
};

/** The text of the rule's condition, for the table: keywords as 任一/全部/排除 lists, anything else as JSON. */
export function describeCondition(when: Record<string, unknown>): string {
  if ('keywords' in when) {
    const k = when.keywords as { any?: string[]; all?: string[]; none?: string[] };
    return [
      k.any ? `任一：${k.any.join('、')}` : '',
      k.all ? `全部：${k.all.join('、')}` : '',
      k.none ? `排除：${k.none.join('、')}` : '',
    ]
      .filter(Boolean)
      .join('；');
  }
  if (typeof when.regex === 'string') return `正则：${when.regex}`;
  return JSON.stringify(when);
}
