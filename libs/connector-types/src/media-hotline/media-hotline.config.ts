import { z } from 'zod';

/** A dot path into a JSON document, e.g. `data.list` or `item.pubTime`; empty means the value itself. */
const jsonPath = z
  .string()
  .regex(/^$|^[^.\s]+(\.[^.\s]+)*$/, 'a dot path such as data.list')
  .describe('Dot path, e.g. data.list');

export const mediaHotlineJsonSchema = z.object({
  itemsPath: jsonPath.default('items').describe('Dot path to the item array; empty for a top-level array'),
  fields: z
    .object({
      id: jsonPath.default('id'),
      title: jsonPath.default('title'),
      content: jsonPath.default('content'),
      publishedAt: jsonPath.default('publishedAt'),
      link: jsonPath.default('link'),
      type: jsonPath
        .optional()
        .describe('Optional path to the item type (投诉/求助/咨询/建议/举报/表扬); default complaint'),
    })
    .prefault({})
    .describe('Dot paths inside one item'),
});

export const mediaHotlineConfigSchema = z.object({
  feedUrl: z.url().describe('URL of the RSS 2.0 / Atom feed or JSON list of the media hotline'),
  format: z
    .enum(['rss', 'atom', 'json'])
    .optional()
    .describe('Feed format; default: sniffed from the document'),
  program: z
    .string()
    .trim()
    .min(1)
    .describe('Name of the programme, e.g. 民生热线 or 颍州晚报热线; sent as sourceDomainLabel'),
  json: mediaHotlineJsonSchema.optional().describe('Where a JSON list keeps its items and fields'),
  timeoutMs: z.number().int().min(100).max(120000).default(15000),
});

export type MediaHotlineConfig = z.infer<typeof mediaHotlineConfigSchema>;
export type MediaHotlineJson = z.infer<typeof mediaHotlineJsonSchema>;
