import { z } from 'zod';
import { defineConnector } from '@minsheng/connector-sdk';
import { mayorMailboxConfigSchema } from './mayor-mailbox.config';

/** How many letters the cursor remembers (newest first); older ones are re-fetched if their row ever changes. */
export const REMEMBERED_LETTERS = 500;

/**
 * Cursor: {letters: [key, fingerprint][]}, the most recent letters first. A run walks list pages 1..maxPages; a letter
 * whose row (status, reply time) is unchanged since the cursor saw it is not fetched again. An array, not an object:
 * numeric keys would lose their order in a JSON object.
 */
export const mailboxCursorSchema = z.strictObject({
  letters: z
    .array(z.tuple([z.string(), z.string()]))
    .max(REMEMBERED_LETTERS)
    .describe(
      '[letter key, list row fingerprint], newest first; a letter not listed is fetched on its next sight',
    ),
});

export type MailboxCursor = z.infer<typeof mailboxCursorSchema>;

export const mayorMailboxDefinition = defineConnector({
  type: 'mayor_mailbox',
  channel: 'mayor_mailbox',
  parserVersion: 'mayor_mailbox/2',
  configSchema: mayorMailboxConfigSchema,
  cursorSchema: mailboxCursorSchema,
});
