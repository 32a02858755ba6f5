import { z } from 'zod';
import { API_KEY_ROLES } from '@minsheng/shared/db';
import { view } from '../common/api-views';

export const sessionView = view(
  'ConsoleSession',
  z.object({
    keyId: z.string(),
    name: z.string().describe('the name the key was created with'),
    role: z.enum(API_KEY_ROLES).describe('what the console shows: menus follow the role'),
    counties: z.array(z.string()).nullable().describe('county scope; null = every county'),
    departments: z.array(z.string()).nullable().describe('department scope; null = every department'),
    via: z.enum(['session', 'key']).describe('signed in with the cookie, or called with the key itself'),
    expiresAt: z
      .string()
      .nullable()
      .describe('ISO 8601; when the session ends (null when called with a key)'),
    csrfToken: z
      .string()
      .nullable()
      .describe(
        'send as X-CSRF-Token on every mutating call made with the cookie (null when called with a key)',
      ),
  }),
);

export const signedOutView = view('SignedOut', z.object({ signedOut: z.literal(true) }));
