import { z } from 'zod';
import { view } from '../common/api-views';
import { CHANGE_KINDS } from '@minsheng/routing/simulation';

const isoTime = z.string().describe('ISO 8601 date-time');

export const ruleSetVersionView = view(
  'RuleSetVersion',
  z.object({
    version: z.number().int(),
    status: z.enum(['draft', 'published', 'archived']),
    note: z.string().nullable(),
    createdBy: z.string(),
    createdAt: isoTime,
    publishedAt: isoTime.nullable(),
    rules: z.number().int().describe('how many rules the document has'),
  }),
);

export const ruleSetWithDocumentView = view(
  'RuleSetVersionWithDocument',
  ruleSetVersionView.extend({
    document: z
      .looseObject({ rules: z.array(z.unknown()) })
      .describe('the rule-set document (JSON Schema: GET /schemas/rule-set)'),
  }),
);

export const ruleSetRefView = view('RuleSetRef', z.object({ version: z.number().int() }));

export const ruleSetFieldErrorView = view(
  'RuleSetFieldError',
  z.object({
    ruleId: z.string().nullable(),
    field: z.string().describe('path in the document, e.g. rules[3].when.all[0].regex'),
    code: z.string(),
    message: z.string(),
  }),
);

export const ruleSetValidationView = view(
  'RuleSetValidation',
  z.object({ ok: z.boolean(), rules: z.number().int(), errors: z.array(ruleSetFieldErrorView) }),
);

const outcome = z.object({
  mode: z.enum(['auto', 'triage']),
  reason: z.string().optional(),
  county: z.string().optional(),
  countyCode: z.string().optional(),
  town: z.string().optional(),
  townCode: z.string().optional(),
  department: z.string().optional(),
  unitName: z.string().optional(),
  grade: z.string(),
});

const example = z.object({ itemId: z.string(), title: z.string(), before: outcome, after: outcome });

export const simulationReportView = view(
  'SimulationReport',
  z.object({
    version: z.number().int(),
    against: z.number().int().describe('the published version compared with (0 = none published)'),
    sample: z.object({
      last: z.number().int().optional(),
      from: z.string().optional(),
      to: z.string().optional(),
      truncated: z.boolean(),
    }),
    totals: z.object({
      items: z.number().int(),
      changed: z.number().int(),
      unchanged: z.number().int(),
      failed: z.number().int(),
    }),
    changes: z.object({
      jurisdiction: z.number().int().describe('county or town differs'),
      county: z.number().int(),
      town: z.number().int(),
      department: z.number().int().describe('the lead department differs'),
      grade: z.number().int(),
      mode: z.number().int().describe('auto ↔ triage'),
      autoToTriage: z.number().int(),
      triageToAuto: z.number().int(),
    }),
    departmentMoves: z
      .array(z.object({ from: z.string(), to: z.string(), items: z.number().int() }))
      .describe("lead department before → after, most frequent first ('' = no department)"),
    examples: z.record(z.enum(CHANGE_KINDS), z.array(example)).describe('up to `examples` items per kind'),
    failures: z
      .array(z.object({ itemId: z.string(), error: z.string() }))
      .describe('items routing threw on: the router would dead-letter them'),
  }),
);
