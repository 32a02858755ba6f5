import { z } from 'zod';
import { compileRuleRegex } from './regex-limits';
import {
  CONDITION_KINDS,
  ruleSchema,
  type Condition,
  type Rule,
  type RuleSetDocument,
} from './rule-set.schema';

export interface RuleSetError {
  /** The rule the error is in, when its id could be read. */
  ruleId?: string;
  /** Where in the document, e.g. rules[3].when.all[0].keywords.any[2]. */
  path: string;
  message: string;
  /** Stable, machine-readable: a zod issue code (invalid_type, too_big, …) or one of this module's codes. */
  code: string;
}

export interface RuleSetContext {
  /** Department codes of the catalogue (departments.json); every lead and co must name one. */
  departments: ReadonlySet<string>;
}

export type RuleSetValidation =
  { ok: true; ruleSet: RuleSetDocument } | { ok: false; errors: RuleSetError[] };

/** Thrown by compileRuleSet when given a document that validateRuleSet would refuse. */
export class RuleSetValidationError extends Error {
  constructor(readonly errors: readonly RuleSetError[]) {
    super(
      `invalid rule set: ${errors
        .slice(0, 5)
        .map((e) => `${e.path}: ${e.message}`)
        .join('; ')}${errors.length > 5 ? ` (and ${errors.length - 5} more)` : ''}`,
    );
    this.name = 'RuleSetValidationError';
  }
}

type Path = readonly PropertyKey[];
type ZodIssue = z.core.$ZodIssue;

const documentShape = z.strictObject({ rules: z.array(z.unknown()) });

/**
 * Checks a rule-set document as an admin saved it: every rule on its own (so one broken rule does not hide the
 * errors of the others), each error with the rule's id and the path of the offending field.
 */
export function validateRuleSet(doc: unknown, ctx: RuleSetContext): RuleSetValidation {
  return checkRuleSet(doc, ctx.departments);
}

/** validateRuleSet without the department catalogue when `departments` is undefined (used by compileRuleSet). */
export function checkRuleSet(doc: unknown, departments: ReadonlySet<string> | undefined): RuleSetValidation {
  const errors: RuleSetError[] = [];
  const top = documentShape.safeParse(doc);
  if (!top.success) {
    collectIssues(top.error.issues, doc, [], [], undefined, errors);
    return { ok: false, errors };
  }

  const rules: Rule[] = [];
  const firstIndexOfId = new Map<string, number>();
  top.data.rules.forEach((raw, index) => {
    const prefix = ['rules', index];
    const id = isRecord(raw) && typeof raw.id === 'string' ? raw.id : undefined;
    const parsed = ruleSchema.safeParse(raw);
    if (!parsed.success) {
      collectIssues(parsed.error.issues, raw, [], prefix, id, errors);
    } else {
      rules.push(parsed.data);
      checkRule(parsed.data, prefix, departments, errors);
    }
    if (id !== undefined) {
      const first = firstIndexOfId.get(id);
      if (first === undefined) firstIndexOfId.set(id, index);
      else {
        errors.push({
          ruleId: id,
          path: formatPath([...prefix, 'id']),
          message: `id '${id}' is already used by rules[${first}]`,
          code: 'duplicate_id',
        });
      }
    }
  });

  return errors.length > 0 ? { ok: false, errors } : { ok: true, ruleSet: { rules } };
}

/** Checks that need more than the shape: the department catalogue, RE2, and whether the rule does anything. */
function checkRule(
  rule: Rule,
  prefix: Path,
  departments: ReadonlySet<string> | undefined,
  errors: RuleSetError[],
): void {
  const push = (path: Path, code: string, message: string) =>
    errors.push({ ruleId: rule.id, path: formatPath([...prefix, ...path]), message, code });
  const { then } = rule;

  if (departments) {
    if (then.lead && !departments.has(then.lead.department)) {
      push(
        ['then', 'lead', 'department'],
        'unknown_department',
        `unknown department '${then.lead.department}'`,
      );
    }
    then.co?.forEach((unit, i) => {
      if (!departments.has(unit.department)) {
        push(
          ['then', 'co', i, 'department'],
          'unknown_department',
          `unknown department '${unit.department}'`,
        );
      }
    });
  }
  const doesSomething =
    then.lead !== undefined ||
    (then.co?.length ?? 0) > 0 ||
    then.grade !== undefined ||
    (then.tags?.length ?? 0) > 0 ||
    then.stop === true;
  if (!doesSomething) {
    push(['then'], 'no_effect', 'the rule does nothing: set at least one of lead, co, grade, tags, stop');
  }
  if (then.territorial === true && then.cityWide === true) {
    push(['then'], 'conflicting_scope', 'territorial and cityWide exclude each other');
  }
  checkCondition(rule.when, ['when'], push);
}

function checkCondition(
  condition: Condition,
  path: Path,
  push: (path: Path, code: string, message: string) => void,
): void {
  if ('all' in condition) condition.all.forEach((c, i) => checkCondition(c, [...path, 'all', i], push));
  else if ('any' in condition) condition.any.forEach((c, i) => checkCondition(c, [...path, 'any', i], push));
  else if ('not' in condition) checkCondition(condition.not, [...path, 'not'], push);
  else if ('regex' in condition) {
    const compiled = compileRuleRegex(condition.regex);
    if (!compiled.ok) push([...path, 'regex'], compiled.code, compiled.message);
  }
}

/**
 * Flattens zod issues into per-field errors. A condition is a union of one object shape per kind; when none
 * fits, zod reports every branch's issues, so the branch named by the kind key actually present is reported.
 */
function collectIssues(
  issues: readonly ZodIssue[],
  input: unknown,
  base: Path,
  prefix: Path,
  ruleId: string | undefined,
  out: RuleSetError[],
): void {
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    const at = formatPath([...prefix, ...path]);
    const error = (code: string, message: string) =>
      out.push({ ...(ruleId ? { ruleId } : {}), path: at, message, code });
    if (issue.code === 'invalid_union') {
      const value = valueAt(input, path);
      const kinds = isRecord(value) ? CONDITION_KINDS.filter((k) => k in value) : [];
      if (!isRecord(value)) {
        error('invalid_condition', `a condition is an object with one of: ${CONDITION_KINDS.join(', ')}`);
      } else if (kinds.length === 0) {
        error(
          'unknown_condition',
          `no condition kind among the keys ${Object.keys(value).join(', ') || '(none)'}; use one of: ${CONDITION_KINDS.join(', ')}`,
        );
      } else if (kinds.length > 1) {
        error(
          'ambiguous_condition',
          `one condition holds several kinds (${kinds.join(', ')}); combine them with all: [...] or any: [...]`,
        );
      } else {
        const branch = issue.errors[CONDITION_KINDS.indexOf(kinds[0])] ?? [];
        collectIssues(branch, input, path, prefix, ruleId, out);
      }
    } else if (issue.code === 'custom') {
      const params = issue.params as { code?: unknown } | undefined;
      error(typeof params?.code === 'string' ? params.code : 'custom', issue.message);
    } else {
      error(issue.code, issue.message);
    }
  }
}

function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const key of path) {
    if (!isRecord(value) && !Array.isArray(value)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** ['rules', 3, 'when', 'all', 0] → rules[3].when.all[0] */
export function formatPath(path: Path): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}
