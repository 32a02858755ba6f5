import { z } from 'zod';
import { defineConnector } from '@minsheng/connector-sdk';
import { peopleLiuyanConfigSchema } from './people-liuyan.config';

const tid = z.number().int().min(0);

const boardCursorSchema = z.strictObject({
  newestTid: tid.describe('The newest thread read on this board'),
  gap: z
    .strictObject({ below: tid, downTo: tid })
    .refine((g) => g.below > g.downTo, { message: 'below must be greater than downTo', path: ['below'] })
    .optional()
    .describe('Threads with downTo < tid < below not read yet (a walk cut short by maxPagesPerRun)'),
});

/**
 * Cursor: `{ [fid]: { newestTid, gap? } }`. tids only increase and the list pages backwards from the newest
 * (`lastItem` = the oldest tid seen so far). Each run walks every board from the newest thread down to newestTid;
 * the first page (at least `recheckRecent` threads) doubles as the re-check of recent threads, whose unchanged
 * drafts the framework drops by content hash. A board's cursor moves only with its last page of the run, so a
 * crash re-reads and never skips. If maxPagesPerRun ends the walk early, the unread range is kept as `gap` and
 * read next run. A new instance starts with the newest maxPagesPerRun pages; older history is not fetched.
 */
export const liuyanCursorSchema = z.record(z.string().regex(/^\d+$/, 'a board fid'), boardCursorSchema);

export type LiuyanCursor = z.infer<typeof liuyanCursorSchema>;
export type BoardCursor = z.infer<typeof boardCursorSchema>;

export const peopleLiuyanDefinition = defineConnector({
  type: 'people_liuyan',
  channel: 'people_liuyan',
  parserVersion: 'people_liuyan/1',
  configSchema: peopleLiuyanConfigSchema,
  cursorSchema: liuyanCursorSchema,
});
