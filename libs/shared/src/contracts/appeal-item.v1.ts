import { z } from 'zod';

/** Offsets are required: an appeal's time without its zone cannot be placed on the working-day calendar. */
export const isoDateTime = z.iso.datetime({ offset: true });

export const CHANNELS = [
  'hotline_12345',
  'mayor_mailbox',
  'people_liuyan',
  'media_hotline',
  'public_opinion',
  'gov_supervision',
  'new_media',
  'miniapp',
] as const;
/** Channels are extensible by configuration, so any lower_snake identifier is accepted; the list above are the known ones. */
export const channelSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, 'channel must be a lower_snake identifier');

export const APPEAL_TYPES = [
  'complaint',
  'help',
  'consult',
  'suggestion',
  'report',
  'praise',
  'other',
] as const;
export const appealTypeSchema = z.enum(APPEAL_TYPES);

export const sourceSchema = z.object({
  system: z.string().min(1),
  externalId: z.string().min(1).max(200),
  externalUrl: z.url().optional(),
  boardId: z.string().optional(),
  fetchedAt: isoDateTime,
  rawRef: z.string().min(1),
  rawSha256: z.string().regex(/^[0-9a-f]{64}$/),
  parserVersion: z.string().min(1),
  connectorId: z.string().min(1),
});

export const locationSchema = z.object({
  addressText: z.string().optional(),
  adcode: z
    .string()
    .regex(/^\d{6}(\d{3}(\d{3})?)?$/)
    .optional(),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
  crs: z.enum(['wgs84', 'gcj02', 'bd09']).optional(),
  precision: z.enum(['none', 'county', 'town', 'village', 'address', 'point']),
  origin: z.enum(['channel', 'citizen', 'geocoder', 'none']),
});

export const targetHintSchema = z.object({
  boardName: z.string().optional(),
  leaderRole: z.string().optional(),
  mailboxOwner: z.string().optional(),
  deptName: z.string().optional(),
});

/** A clear phone number never travels: only a keyed hash (for duplicate linking) and a masked form (for people). */
export const reporterSchema = z.object({
  nameMasked: z.string().optional(),
  phoneHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  phoneMasked: z
    .string()
    .regex(/^[^0-9]*\d{0,3}\*+\d{0,4}$/, 'phoneMasked must hide the middle digits')
    .optional(),
  anonymous: z.boolean(),
  publicVisible: z.boolean(),
});

export const attachmentSchema = z.object({
  // http(s) only: a javascript: or data: URL would run or render in whatever console shows the attachment.
  url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }),
  kind: z.enum(['image', 'video', 'audio', 'document', 'other']),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});

export const upstreamSchema = z.object({
  status: z.string().optional(),
  deadline: isoDateTime.optional(),
  reply: z.string().optional(),
  repliedBy: z.string().optional(),
  repliedAt: isoDateTime.optional(),
  satisfaction: z
    .string()
    .optional()
    .describe(
      "the citizen's rating upstream (满意 / 基本满意 / 不满意); on a closed ticket it is recorded as 好差评",
    ),
  satisfactionComment: z.string().max(2000).optional().describe("the citizen's words with the rating"),
  urgency: z.string().optional(),
  repeated: z.boolean().optional(),
});

export const appealItemV1Schema = z
  .object({
    schemaVersion: z.literal(1),
    id: z.string().regex(/^ap_[0-9a-f]{32}$/, 'id must be ap_ followed by 32 hex digits'),
    revision: z.number().int().positive(),
    traceId: z.string().min(8).max(64),
    channel: channelSchema,
    source: sourceSchema,
    submittedAt: isoDateTime,
    receivedAt: isoDateTime,
    title: z.string().max(500).optional(),
    content: z.string().min(1).max(20000),
    appealType: appealTypeSchema,
    sourceTypeLabel: z.string().optional(),
    sourceDomainLabel: z.string().optional(),
    location: locationSchema,
    targetHint: targetHintSchema.optional(),
    reporter: reporterSchema,
    attachments: z.array(attachmentSchema).default([]),
    engagement: z
      .object({
        views: z.number().int().nonnegative().optional(),
        likes: z.number().int().nonnegative().optional(),
      })
      .optional(),
    sentiment: z.enum(['negative', 'neutral', 'positive']).optional(),
    riskFlags: z.array(z.string()).default([]),
    upstream: upstreamSchema.optional(),
  })
  .meta({
    id: 'AppealItemV1',
    title: 'AppealItem v1',
    description: 'One citizen appeal as a channel delivered it, normalized (value of appeal.items.v1).',
  });

export type AppealItemV1 = z.infer<typeof appealItemV1Schema>;
export type AppealType = z.infer<typeof appealTypeSchema>;

/**
 * The item as it leaves the hub (routed tickets on Kafka, the tickets API, Open311, webhooks): without
 * `reporter.phoneHash`. The hash is keyed, but 11-digit numbers are few; only the router needs it, to link
 * duplicates, and keeps it in item_fingerprints (decision 023).
 */
export const publishedItemSchema = appealItemV1Schema
  .extend({ reporter: reporterSchema.omit({ phoneHash: true }) })
  .meta({
    id: 'PublishedAppealItemV1',
    title: 'AppealItem v1 as published',
    description: 'An AppealItem v1 inside a routed ticket: the reporter has no phoneHash.',
  });

export type PublishedItem = z.infer<typeof publishedItemSchema>;

/** Drops the phone hash (also from tickets stored before it was dropped at the router). */
export function withoutPhoneHash(item: AppealItemV1 | PublishedItem): PublishedItem {
  if (!('phoneHash' in item.reporter)) return item;
  const reporter: Record<string, unknown> = { ...item.reporter };
  delete reporter.phoneHash;
  return { ...item, reporter: reporter as PublishedItem['reporter'] };
}
