import { z } from 'zod';

export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;

export const publicOpinionConfigSchema = z.object({
  baseUrl: z.url().describe('Base URL of the monitoring vendor API, e.g. https://api.yuqing.example'),
  apiKey: z.string().min(1).meta({ writeOnly: true }).describe('Sent as X-Api-Key (secret)'),
  taskId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'taskId is letters, digits, _ and -')
    .describe('The keyword monitoring task whose hits are pulled'),
  mediaTypes: z
    .array(z.string().regex(/^[a-z_]{1,32}$/))
    .min(1)
    .optional()
    .describe('Media types to ask for (weibo, news, wechat, video, forum, …); default: all'),
  sentiments: z.array(z.enum(SENTIMENTS)).min(1).optional().describe('Sentiments to ask for; default: all'),
  limit: z.number().int().min(1).max(1000).default(500).describe('Hits per page'),
  lookbackMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60)
    .describe('How far back a new instance starts'),
  overlapMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(5)
    .describe('Each window re-reads this much before the previous end, for hits the vendor indexes late'),
  riskHotness: z.number().min(0).max(100).default(80).describe('Hotness from which a hit is flagged hot'),
  timeoutMs: z.number().int().min(100).max(120000).default(15000),
});

export type PublicOpinionConfig = z.infer<typeof publicOpinionConfigSchema>;
