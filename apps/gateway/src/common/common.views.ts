import { z } from 'zod';
import { view } from './api-views';

const isoTime = z.string().describe('ISO 8601 date-time');

/** One offending input field. */
export const fieldErrorView = view(
  'FieldError',
  z.object({ field: z.string().describe('dot path, e.g. config.baseUrl'), message: z.string() }),
);

/** One entry of the audit log. */
export const auditEntryView = view(
  'AuditEntry',
  z.object({
    id: z.string(),
    at: isoTime,
    actor: z.string().describe('key:<key id>:<key name>'),
    action: z.string(),
    entity: z.string(),
    entityId: z.string(),
    before: z.unknown().describe('the entity before the change (null when created)'),
    after: z.unknown().describe('the entity after the change (null when deleted)'),
  }),
);

export const auditPageView = view(
  'AuditPage',
  z.object({
    entries: z.array(auditEntryView),
    nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last'),
  }),
);
