import { z } from 'zod';
import { parseRating, type Rating } from '@minsheng/shared/contracts';
import { ticketFiltersSchema } from '../tickets/ticket-list';

/** A follow-up call's (回访) result: the citizen's rating in English or as the form says it (满意 / 基本满意 / 不满意). */
export const ratingBodySchema = z.strictObject({
  rating: z
    .string()
    .max(20)
    .transform((s, c) => {
      const r = parseRating(s);
      if (!r)
        c.addIssue({
          code: 'custom',
          message: 'satisfied, basically_satisfied or dissatisfied (满意, 基本满意, 不满意)',
        });
      return r as Rating;
    })
    .describe('satisfied / basically_satisfied / dissatisfied, or 满意 / 基本满意 / 不满意'),
  comment: z
    .string()
    .trim()
    .max(2000)
    .optional()
    .describe("the citizen's words; phone and ID numbers are masked"),
  decisionRevision: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('the closed round rated; default the current one; 409 when the ticket has moved on'),
});

export type RatingBody = z.infer<typeof ratingBodySchema>;

/** The queues (follow-up call list, 办理不满意专区) take the ticket list's place and unit filters. */
export const ratingQueueQuerySchema = ticketFiltersSchema.strict();
export type RatingQueueQuery = z.infer<typeof ratingQueueQuerySchema>;
