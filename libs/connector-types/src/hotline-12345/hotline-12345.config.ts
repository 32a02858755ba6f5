import { z } from 'zod';

export const hotline12345ConfigSchema = z.object({
  baseUrl: z.url().describe('Base URL of the 12345 work-order export, e.g. https://12345.example.gov.cn'),
  token: z
    .string()
    .min(1)
    .meta({ writeOnly: true })
    .describe('Bearer token issued by the hotline system (secret)'),
  pageSize: z.number().int().min(1).max(500).default(100).describe('Work orders per page'),
  initialUpdatedSince: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    .optional()
    .describe('Where a new instance starts, as yyyy-MM-dd HH:mm:ss Asia/Shanghai; default: everything'),
  timeoutMs: z.number().int().min(100).max(120000).default(15000),
});

export type Hotline12345Config = z.infer<typeof hotline12345ConfigSchema>;
