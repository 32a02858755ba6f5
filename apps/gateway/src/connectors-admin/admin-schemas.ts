import { z } from 'zod';
import { channelSchema } from '@minsheng/shared/contracts';
import { PUSH_BODY_CAP_BYTES } from '../intake/push-body-cap';

const config = z
  .record(z.string(), z.unknown())
  .describe("The type's config (see GET /api/v1/connector-types); secret fields are write-only");
const schedule = z
  .string()
  .min(1)
  .max(100)
  .describe('node-cron expression in SCHEDULE_TIMEZONE, e.g. "0 */5 * * * *" (seconds field optional)');

export const instanceIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{1,62}$/, 'lowercase letters, digits, - and _, 2 to 63 characters');

export const validateSchema = z.object({ config, schedule: schedule.optional() });

export const checkTypeSchema = z.object({ config });

export const createInstanceSchema = z.object({
  id: instanceIdSchema.optional().describe('default: generated'),
  type: z.string().min(1),
  name: z.string().min(1).max(200),
  config,
  schedule,
  enabled: z.boolean().default(true),
});

export const updateInstanceSchema = z
  .object({
    name: z.string().min(1).max(200).optional(),
    config: config
      .optional()
      .describe(
        'Replaces the config; a secret left out (or sent back as {"set": true}) keeps the stored one',
      ),
    schedule: schedule.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const restartSchema = z.object({
  onlyFailed: z.boolean().default(false).describe('restart only if the state is failed or degraded'),
});

export const cursorSchema = z.object({
  cursor: z
    .record(z.string(), z.unknown())
    .describe(
      "The type's own cursor object, as GET …/cursor shows it and its cursorSchema (GET /connector-types) declares; the pull resumes from it",
    ),
});

export const pageQuerySchema = z.object({
  cursor: z.coerce.number().int().positive().optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const deadLetterQuerySchema = pageQuerySchema.extend({
  stage: z.enum(['connector', 'router']).optional(),
  reasonCode: z.string().optional(),
  topic: z.string().optional().describe('with or without the deployment prefix'),
  replayed: z.enum(['true', 'false']).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
});

const pushSecret = z
  .string()
  .min(16, 'at least 16 characters')
  .max(512)
  .describe('HMAC key; default: generated and shown in this response only');
const maxBodyBytes = z.number().int().min(1024).max(PUSH_BODY_CAP_BYTES);

export const createPushChannelSchema = z.object({
  channel: channelSchema.describe('lower_snake channel identifier; also the item channel'),
  secret: pushSecret.optional(),
  enabled: z.boolean().default(true),
  maxBodyBytes: maxBodyBytes.default(262144),
});

export const updatePushChannelSchema = z
  .object({ enabled: z.boolean().optional(), maxBodyBytes: maxBodyBytes.optional() })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const rotatePushSecretSchema = z.object({ secret: pushSecret.optional() });
