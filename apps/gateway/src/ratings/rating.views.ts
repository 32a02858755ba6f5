import { z } from 'zod';
import { RATING_SOURCES, ratingSchema } from '@minsheng/shared/contracts';
import { view } from '../common/api-views';

const isoTime = z.string().describe('ISO 8601 date-time');

/** One 好差评 as the API shows it: the comment PII-masked, the recorder named only to itself and admins. */
export const ticketRatingView = view(
  'TicketRating',
  z.object({
    decisionRevision: z.number().int().describe('the handling round (decision revision) rated'),
    rating: ratingSchema,
    comment: z.string().nullable().describe('phone and ID numbers masked'),
    source: z.enum(RATING_SOURCES).describe('push intake, an upstream record, or a follow-up call (回访)'),
    actor: z.string().describe('who recorded it, as the caller may see it'),
    ratedAt: isoTime,
  }),
);

export const ratingRecordedView = view(
  'RatingRecorded',
  z.object({
    eventId: z
      .string()
      .nullable()
      .describe('the published rated event; null when the round was already rated'),
    itemId: z.string(),
    decisionRevision: z.number().int().describe('the round rated'),
    duplicate: z
      .boolean()
      .describe(
        'true: nothing was published (a retried Idempotency-Key, or the same rating already recorded)',
      ),
    rating: ticketRatingView
      .nullable()
      .describe('200: the rating already recorded for the round; 202: null, the router records it'),
  }),
);
