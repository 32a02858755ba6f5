import { z } from 'zod';
import { defineConnector } from '@minsheng/connector-sdk';
import { hotline12345ConfigSchema } from './hotline-12345.config';

const exportTime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'yyyy-MM-dd HH:mm:ss');

/**
 * Cursor: {since, page, highWater}. A run pages through "updated since `since`"; after each committed page the
 * cursor says which page comes next, so a crash resumes mid-run; the last page moves `since` to the newest
 * updateTime seen. An order updated while we page jumps to the end of the export and shifts the others back, so
 * one record can slip between two pages; the run counts the distinct records it read (a run resumed after a crash
 * cannot know them all), and if that is short of the export's total it keeps `since` where it was, so the next run
 * reads the window again. The export's filter is inclusive, so records seen again are recognised as unchanged by
 * their content hash.
 */
export const hotlineCursorSchema = z.strictObject({
  since: exportTime
    .optional()
    .describe("Lower bound of the export's updateTime filter; else the config's start"),
  page: z.number().int().min(1).default(1).describe('The next page to read'),
  highWater: exportTime.optional().describe('Newest updateTime seen in the unfinished walk'),
});

export type HotlineCursor = z.infer<typeof hotlineCursorSchema>;

export const hotline12345Definition = defineConnector({
  type: 'hotline_12345',
  channel: 'hotline_12345',
  parserVersion: 'hotline_12345/1',
  configSchema: hotline12345ConfigSchema,
  cursorSchema: hotlineCursorSchema,
});
