import { z } from 'zod';

export const peopleLiuyanBoardSchema = z.object({
  fid: z.number().int().positive().describe("The board's fid on liuyan.people.com.cn (a leader or a region)"),
  name: z.string().min(1).describe('Board name as shown, e.g. 阜阳市委书记; sent as targetHint.boardName'),
  ownerCode: z.string().min(1).optional().describe('Hub organization code of the board owner, for routing'),
});

export const peopleLiuyanConfigSchema = z.object({
  baseUrl: z.url().describe('Base URL of the message board, e.g. https://liuyan.people.com.cn'),
  boards: z
    .array(peopleLiuyanBoardSchema)
    .min(1)
    .refine((bs) => new Set(bs.map((b) => b.fid)).size === bs.length, 'each fid may appear once')
    .describe('Boards to pull'),
  state: z
    .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])
    .default(1)
    .describe(
      "Which threads the list returns (the board's own `state` field): 1 all, 2 awaiting reply, 3 in progress, " +
        '4 handled. Only 1 follows a thread until its reply; the others lose sight of a thread that changes state',
    ),
  pageSize: z
    .number()
    .int()
    .min(1)
    .max(50)
    .default(10)
    .describe('Threads per API page (the `pageSize` field)'),
  maxPagesPerRun: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(10)
    .describe('API pages per board and run; a longer backlog continues in the next run'),
  recheckRecent: z
    .number()
    .int()
    .min(0)
    .max(50)
    .default(20)
    .describe(
      'Newest threads of each board re-read every run, so replies and status changes become revisions',
    ),
  timeoutMs: z.number().int().min(100).max(120000).default(15000),
});

export type PeopleLiuyanConfig = z.infer<typeof peopleLiuyanConfigSchema>;
export type PeopleLiuyanBoard = z.infer<typeof peopleLiuyanBoardSchema>;
