import { z } from 'zod';

/** Upstream sends null, '' or nothing for empty texts; all become ''. */
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '');
/** Numbers sometimes arrive as digit strings. */
const int = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number),
]);
/** Up to the last second whose Shanghai wall time has a 4-digit year: later is not an ISO 8601 date (or no Date). */
const LATEST_SECONDS = Date.UTC(9999, 11, 31, 15, 59, 59) / 1000;
const unixSeconds = int.pipe(z.number().nonnegative().max(LATEST_SECONDS, 'past the year 9999'));

/**
 * One thread of `threads/queryThreadsList` (field names are the board's). The submission time is `dateline`; some
 * answers (and clients) carry only `threadsCheckTime`, the time the board released it, which is then used instead.
 */
export const liuyanThreadSchema = z
  .object({
    tid: int.pipe(z.number().positive()),
    dateline: unixSeconds.nullish(),
    threadsCheckTime: unixSeconds.nullish(),
    subject: text,
    content: z.string().refine((s) => s.trim().length > 0, 'content is empty'),
    domainName: text,
    typeName: text,
    stateInfo: text,
    answerOrganization: text,
    answerContent: text,
    answerDateline: unixSeconds.nullish().transform((v) => v ?? undefined),
    favNum: int.nullish().transform((v) => v ?? 0),
    nickName: text,
  })
  .transform(({ dateline, threadsCheckTime, ...t }, ctx) => {
    const submitted = dateline ?? threadsCheckTime;
    if (submitted === null || submitted === undefined) {
      ctx.addIssue({ code: 'custom', message: 'neither dateline nor threadsCheckTime', path: ['dateline'] });
      return z.NEVER;
    }
    return { ...t, submitted };
  });
export type LiuyanThread = z.infer<typeof liuyanThreadSchema>;

export const liuyanEnvelopeSchema = z.object({
  result: z.string(),
  resultDesc: z.string().nullish(),
  responseData: z.unknown(),
});
