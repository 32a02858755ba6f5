import { z } from 'zod';
import { view } from '../common/api-views';

const isoTime = z.string().describe('ISO 8601 date-time');

/** A change as the reference-data routes answer it: the row before and after (null when added or removed). */
const change = <S extends z.ZodType>(row: S) => z.object({ before: row.nullable(), after: row.nullable() });

export const aliasView = view(
  'JurisdictionAlias',
  z.object({
    alias: z.string(),
    code: z.string().describe('the division the name points to'),
    division: z.string().describe("the division's name"),
    note: z.string().nullable(),
    updatedAt: isoTime,
  }),
);
export const aliasChangeView = view('JurisdictionAliasChange', change(aliasView));

export const hintView = view(
  'ChannelHint',
  z.object({
    channel: z.string(),
    kind: z.enum(['board', 'mailbox', 'dept']),
    value: z.string(),
    code: z.string(),
    division: z.string(),
    updatedAt: isoTime,
  }),
);
export const hintChangeView = view('ChannelHintChange', change(hintView));

export const departmentView = view(
  'Department',
  z.object({
    code: z.string(),
    name: z.string(),
    kind: z.string(),
    levels: z.array(z.string()),
    scope: z.string(),
  }),
);
export const departmentChangeView = view('DepartmentChange', change(departmentView));

export const unitView = view(
  'Unit',
  z.object({ department: z.string(), division: z.string(), unitName: z.string(), updatedAt: isoTime }),
);
export const unitChangeView = view('UnitChange', change(unitView));

export const calendarYearSummaryView = view(
  'CalendarYearSummary',
  z.object({
    year: z.number().int(),
    source: z.string(),
    days: z.number().int().describe('holidays and workdays'),
  }),
);

export const calendarYearView = view(
  'CalendarYear',
  z.object({
    year: z.number().int(),
    source: z.string(),
    days: z.array(
      z.object({
        date: z.string().describe('YYYY-MM-DD'),
        kind: z.enum(['holiday', 'workday']),
        name: z.string().optional(),
      }),
    ),
  }),
);
