import { z } from 'zod';
import { GRADES } from '@minsheng/shared/contracts';
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_EVENTS } from '@minsheng/shared/db';
import { view } from '../common/api-views';

const isoTime = z.string().describe('ISO 8601 date-time');
const nextCursor = z.string().nullable().describe('pass as `cursor` for the next page; null on the last');

export const webhookView = view(
  'Webhook',
  z.object({
    id: z.string().describe('wh_…'),
    keyId: z.string().describe('the key that owns it'),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    filters: z.object({
      counties: z.array(z.string()),
      departments: z.array(z.string()),
      grades: z.array(z.enum(GRADES)),
      channels: z.array(z.string()),
    }),
    active: z.boolean(),
    createdAt: isoTime,
    updatedAt: isoTime,
    secretRotatedAt: isoTime.nullable(),
    egressAllow: z
      .array(z.string())
      .describe('hosts or CIDRs an admin lets this target reach although they are not public (decision 022)'),
  }),
);

export const webhookIssuedView = view(
  'WebhookWithSecret',
  z.object({
    subscription: webhookView,
    secret: z.string().describe('the signing secret, in this response only'),
  }),
);

export const webhookPageView = view('WebhookPage', z.object({ webhooks: z.array(webhookView), nextCursor }));

export const deliveryView = view(
  'WebhookDelivery',
  z.object({
    id: z.string().describe('whd_…'),
    event: z.enum(WEBHOOK_EVENTS),
    eventId: z.string(),
    itemId: z.string(),
    decisionRevision: z.number().int(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z
      .string()
      .nullable()
      .describe(
        'a consumer sees the coarse code (as lastErrorCode); an admin the detail (errno, refused address class)',
      ),
    lastErrorCode: z
      .string()
      .nullable()
      .describe(
        'target_refused | connection_failed | timeout | redirect_refused | http_4xx | http_5xx | http_other | secret_unreadable',
      ),
    createdAt: isoTime,
    lastAttemptAt: isoTime.nullable(),
    nextAttemptAt: isoTime.nullable(),
    deliveredAt: isoTime.nullable(),
    redeliveryOf: z.string().nullable(),
    attemptLog: z.array(
      z.object({
        attempt: z.number().int(),
        at: isoTime,
        durationMs: z.number(),
        statusCode: z.number().int().nullable(),
        error: z.string().nullable(),
        code: z.string().nullable().optional(),
      }),
    ),
  }),
);

export const deliveryPageView = view(
  'WebhookDeliveryPage',
  z.object({ deliveries: z.array(deliveryView), nextCursor }),
);
