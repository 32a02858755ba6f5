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

/** One thread of `threads/queryThreadsList` (field names are the board's). */
export const liuyanThreadSchema = z.object({
  tid: int.pipe(z.number().positive()),
  dateline: int.pipe(z.number().nonnegative()),
  subject: text,
  content: z.string().refine((s) => s.trim().length > 0, 'content is empty'),
  domainName: text,
  typeName: text,
  stateInfo: text,
  answerOrganization: text,
  answerContent: text,
  favNum: int.nullish().transform((v) => v ?? 0),
  nickName: text,
});
export type LiuyanThread = z.infer<typeof liuyanThreadSchema>;

export const liuyanEnvelopeSchema = z.object({
  result: z.string(),
  resultDesc: z.string().nullish(),
  responseData: z.unknown(),
});
