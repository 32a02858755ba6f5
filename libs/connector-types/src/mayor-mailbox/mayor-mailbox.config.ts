import { z } from 'zod';

const css = (fallback: string, what: string) => z.string().min(1).default(fallback).describe(what);
/** Optional fields default to the simulator's layout too; '' says the site has no such field. */
const optionalCss = (fallback: string, what: string) =>
  z.string().default(fallback).describe(`${what}; '' if the site has none`);

/**
 * Where a city's mailbox lives and how its pages are laid out. Another city's mailbox is a new instance with other
 * URLs and selectors, not new code. Defaults fit the channel simulator's layout (test/simulator/mailbox).
 * Selectors are CSS as cheerio reads it (`:contains()` and sibling combinators allowed); a selected cell that
 * starts with its own label ("信件编号：…") has the label stripped, and dates are found inside the cell's text.
 */
export const mayorMailboxConfigSchema = z.object({
  listUrl: z.url().describe('First list page, e.g. https://www.fy.gov.cn/mailbox/list.jsp'),
  detailOrigins: z
    .array(z.url({ protocol: /^https?$/ }))
    .max(10)
    .default([])
    .describe(
      'Other origins (scheme://host:port) detail links may lead to; by default only the origin of listUrl (decision 022)',
    ),
  pageParam: z.string().min(1).default('page').describe('Query parameter carrying the 1-based page number'),
  maxPages: z.number().int().min(1).max(100).default(5).describe('List pages walked per run'),
  mailboxOwner: z
    .string()
    .min(1)
    .describe("Whose mailbox this is, e.g. '阜阳市市长信箱' (targetHint.mailboxOwner)"),
  selectors: z
    .object({
      row: css('ul.letter-list > li', 'One letter on a list page'),
      link: css('a.title', "Within a row: the link to the letter's detail page"),
      listLetterNo: optionalCss(
        'span.no',
        'Within a row: the letter number (else the detail link identifies the letter)',
      ),
      listStatus: optionalCss('span.status', 'Within a row: the handling status (已办结/办理中…)'),
      listReplyTime: optionalCss('span.reply-time', 'Within a row: the reply time'),
      detail: z
        .object({
          letterNo: css('td.lab:contains("信件编号") + td', '信件编号'),
          receivedAt: css('td.lab:contains("来信时间") + td', '来信时间'),
          type: css('td.lab:contains("信件类型") + td', '信件类型'),
          name: css('td.lab:contains("姓名") + td', '姓名'),
          title: optionalCss('td.lab:contains("信件标题") + td', '信件标题 (else the list link text)'),
          content: css('td.nrtxt', '来信内容'),
          replyUnit: optionalCss('td.hfdw', '答复单位 (the cell may also hold the reply time)'),
          replyTime: optionalCss('td.hfdw', '答复时间'),
          replyText: optionalCss('td.hfnr', '答复内容'),
          attachments: optionalCss(
            'td.lab:contains("附件") + td',
            '附件: where the letter lists files; pictures and file links inside 来信内容 are always taken',
          ),
        })
        .prefault({}),
    })
    .prefault({}),
  timeoutMs: z.number().int().min(100).max(120000).default(15000),
});

export type MayorMailboxConfig = z.infer<typeof mayorMailboxConfigSchema>;
