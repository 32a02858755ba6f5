import { z } from 'zod';
import { defineConnector } from '@minsheng/connector-sdk';
import { peopleLiuyanConfigSchema } from './people-liuyan.config';

const tid = z.number().int().min(0);

/** Detail fingerprints a board's cursor keeps (newest first), and failed detail pages it still retries. */
export const REMEMBERED_DETAILS = 200;
export const RETRIED_DETAILS = 50;
/** Detail attempts (one per run) before an item is left with the list's preview and its flag. */
export const MAX_DETAIL_ATTEMPTS = 5;

const boardCursorSchema = z.strictObject({
  newestTid: tid.describe('The newest thread read on this board'),
  gap: z
    .strictObject({ below: tid, downTo: tid })
    .refine((g) => g.below > g.downTo, { message: 'below must be greater than downTo', path: ['below'] })
    .optional()
    .describe('Threads with downTo < tid < below not read yet (a walk cut short by maxPagesPerRun)'),
  details: z
    .array(z.tuple([tid, z.string().regex(/^[0-9a-f]{16}$/)]))
    .max(REMEMBERED_DETAILS)
    .optional()
    .describe('[tid, list entry fingerprint] of threads read in full from their detail page, newest first'),
  retry: z
    .array(z.tuple([tid, z.number().int().min(1).max(MAX_DETAIL_ATTEMPTS)]))
    .max(RETRIED_DETAILS)
    .optional()
    .describe(
      '[tid, failed attempts] of threads whose detail page failed: stored with the list preview, retried',
    ),
});

/**
 * Cursor: `{ [fid]: { newestTid, gap?, details?, retry? } }`. tids only increase and the list pages backwards from the newest
 * (`lastItem` = the oldest tid seen so far). Each run walks every board from the newest thread down to newestTid;
 * the first page (at least `recheckRecent` threads) doubles as the re-check of recent threads, whose unchanged
 * drafts the framework drops by content hash. A board's cursor moves only with its last page of the run, so a
 * crash re-reads and never skips. If maxPagesPerRun ends the walk early, the unread range is kept as `gap` and
 * read next run. A new instance starts with the newest maxPagesPerRun pages; older history is not fetched.
 * A thread whose list entry is cut (or has a reply) is read from its detail page once per change of its list entry
 * (`details`); a failed detail page is retried next run, up to MAX_DETAIL_ATTEMPTS (`retry`; decision 028).
 */
export const liuyanCursorSchema = z.record(z.string().regex(/^\d+$/, 'a board fid'), boardCursorSchema);

export type LiuyanCursor = z.infer<typeof liuyanCursorSchema>;
export type BoardCursor = z.infer<typeof boardCursorSchema>;

export const peopleLiuyanDefinition = defineConnector({
  type: 'people_liuyan',
  channel: 'people_liuyan',
  parserVersion: 'people_liuyan/3',
  configSchema: peopleLiuyanConfigSchema,
  cursorSchema: liuyanCursorSchema,
});
