import { z } from 'zod';
import { isoDateTime } from './appeal-item.v1';

/** What a dead letter carries on appeal.dlq.v1: enough to find, understand and replay the original. */
export const deadLetterV1Schema = z
  .object({
    schemaVersion: z.literal(1),
    stage: z.enum(['connector', 'router']),
    reasonCode: z
      .enum([
        'invalid_json',
        'schema_invalid',
        'processing_failed',
        'parse_failed',
        'not_owner',
        'not_authorized',
      ])
      .describe(
        'not_owner: a revision from another connector than the one that made the item; not_authorized: feedback for a unit or decision it cannot answer',
      ),
    reason: z.string(),
    origin: z.object({
      topic: z.string().optional(),
      partition: z.number().int().optional(),
      offset: z.string().optional(),
      key: z.string().optional(),
      connectorId: z.string().optional(),
      rawRef: z.string().optional(),
    }),
    payload: z.string().describe('the original message value, as text, truncated to 64 KiB'),
    failedAt: isoDateTime,
  })
  .meta({
    id: 'DeadLetterV1',
    title: 'DeadLetter v1',
    description: 'A message the hub could not process (value of appeal.dlq.v1).',
  });

export type DeadLetterV1 = z.infer<typeof deadLetterV1Schema>;
