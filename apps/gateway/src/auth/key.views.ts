import { z } from 'zod';
import { API_KEY_ROLES } from '@minsheng/shared/db';
import { view } from '../common/api-views';

const isoTime = z.string().describe('ISO 8601 date-time');

export const apiKeyView = view(
  'ApiKey',
  z.object({
    id: z.string(),
    name: z.string(),
    role: z.enum(API_KEY_ROLES),
    counties: z.array(z.string()),
    departments: z.array(z.string()),
    ratePerMinute: z.number().int(),
    createdBy: z.string(),
    createdAt: isoTime,
    expiresAt: isoTime.nullable(),
    revokedAt: isoTime.nullable(),
    lastUsedAt: isoTime.nullable(),
    rotatedFrom: z.string().nullable().describe('the key this one replaced'),
  }),
);

export const issuedKeyView = view(
  'IssuedApiKey',
  z.object({ key: z.string().describe('msk_<id>_<secret>, in this response only'), view: apiKeyView }),
);
