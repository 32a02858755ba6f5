import { z } from 'zod';
import { appealTypeSchema, attachmentSchema, isoDateTime, parseRating } from '@minsheng/shared/contracts';
import { type ItemDraft } from '@minsheng/shared/ingest';
import { hashPhone, maskName, maskPhone, normalizePhone } from '@minsheng/shared/pii';
import { type FieldError } from './intake-error';

/** PostgreSQL's jsonb refuses \u0000, so a text field carrying one would fail the write instead of the request. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');

/** What a pushing channel sends. Strict: a misspelt field is an error, not silently dropped; extras go in `extra`. */
export const pushBodySchema = z.strictObject({
  externalId: text(200).pipe(z.string().min(1)),
  title: text(500).optional(),
  content: text(20000).pipe(z.string().min(1)),
  appealType: appealTypeSchema.optional(),
  submittedAt: isoDateTime.optional(),
  address: text(500).optional(),
  phone: z
    .string()
    .max(40)
    .refine((p) => normalizePhone(p) !== null, 'must be a phone number (7 to 12 digits, optionally +86)')
    .optional(),
  name: text(100).optional(),
  attachments: z
    // The contract's rule (http or https only) at the door: a javascript: URL is a 400, not a later dead letter.
    .array(z.strictObject({ url: attachmentSchema.shape.url.max(2000), kind: attachmentSchema.shape.kind }))
    .max(50)
    .optional(),
  /** 好差评 once the channel has closed the appeal: recorded against the hub's closed ticket (decision 034). */
  rating: z
    .strictObject({
      value: z
        .string()
        .max(20)
        .refine(
          (v) => !!parseRating(v),
          'satisfied, basically_satisfied or dissatisfied (满意, 基本满意, 不满意)',
        ),
      comment: text(2000).optional(),
    })
    .optional(),
  /** Channel-specific fields: kept in the raw capture only, not in the item. */
  extra: z.record(z.string(), z.unknown()).optional(),
});

export type PushBody = z.infer<typeof pushBodySchema>;

export type ParsedBody = { ok: true; value: PushBody } | { ok: false; errors: FieldError[] };

export function parsePushBody(input: unknown): ParsedBody {
  const result = pushBodySchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((i) => ({
      field: i.path.length ? i.path.join('.') : '(root)',
      message: i.message,
    })),
  };
}

/**
 * The item draft: the phone only as a keyed hash and a masked form, the name masked. Phone or ID numbers a citizen
 * typed into the free text are masked by the ingest door (maskDraft), as for every channel. `submittedAt` is the
 * channel's, or else the time the item was first received (passed in, so a retry hashes to the same content).
 */
export function toDraft(body: PushBody, submittedAt: string, piiHashKey: string): ItemDraft {
  const phone = body.phone;
  const name = body.name || undefined;
  return {
    submittedAt,
    title: body.title || undefined,
    content: body.content,
    appealType: body.appealType ?? 'other',
    location: body.address
      ? { addressText: body.address, precision: 'address', origin: 'citizen' }
      : { precision: 'none', origin: 'none' },
    reporter: {
      nameMasked: name ? maskName(name) : undefined,
      phoneHash: phone ? (hashPhone(phone, piiHashKey) ?? undefined) : undefined,
      phoneMasked: phone ? (maskPhone(phone) ?? undefined) : undefined,
      anonymous: !name && !phone,
      publicVisible: false,
    },
    attachments: body.attachments ?? [],
    riskFlags: [],
    upstream: body.rating
      ? {
          satisfaction: parseRating(body.rating.value),
          satisfactionComment: body.rating.comment || undefined,
        }
      : undefined,
  };
}
