import { issueLines } from '@minsheng/shared/contracts';
import { sha256Hex } from '@minsheng/shared/ids';
import {
  ConnectorError,
  type CheckResult,
  type ConnectorContext,
  type ConnectorType,
  type PulledPage,
  type PulledRecord,
} from '@minsheng/connector-sdk';
import {
  peopleLiuyanConfigSchema,
  type PeopleLiuyanBoard,
  type PeopleLiuyanConfig,
} from './people-liuyan.config';
import { mapThread } from './people-liuyan.mapper';
import { liuyanThreadSchema } from './people-liuyan.record';
import { LiuyanRejectedError, LiuyanSession } from './people-liuyan.session';

/**
 * Cursor: `{ [fid]: { newestTid, gap? } }`. tids only increase and the list pages backwards from the newest
 * (`lastItem` = the oldest tid seen so far). Each run walks every board from the newest thread down to newestTid;
 * the first page (at least `recheckRecent` threads) doubles as the re-check of recent threads, whose unchanged
 * drafts the framework drops by content hash. A board's cursor moves only with its last page of the run, so a
 * crash re-reads and never skips. If maxPagesPerRun ends the walk early, the unread range is kept as `gap` and
 * read next run. A new instance starts with the newest maxPagesPerRun pages; older history is not fetched.
 */
interface BoardCursor {
  newestTid: number;
  gap?: { below: number; downTo: number };
}

function isTid(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function readBoardCursor(raw: unknown): BoardCursor {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const newestTid = isTid(r.newestTid) ? r.newestTid : 0;
  const g = (typeof r.gap === 'object' && r.gap !== null ? r.gap : {}) as Record<string, unknown>;
  const gap =
    isTid(g.below) && isTid(g.downTo) && g.below > g.downTo
      ? { below: g.below, downTo: g.downTo }
      : undefined;
  return gap ? { newestTid, gap } : { newestTid };
}

type TidRecord = PulledRecord & { tid?: number };

/** One thread of a list answer as a record: its draft, or why it could not be parsed. */
export function toRecord(raw: unknown, board: PeopleLiuyanBoard, baseUrl: string): TidRecord {
  const text = JSON.stringify(raw);
  const parsed = liuyanThreadSchema.safeParse(raw);
  if (!parsed.success) {
    const tid = (raw as { tid?: unknown } | null)?.tid;
    const externalId =
      (typeof tid === 'number' || typeof tid === 'string') && /^\d{1,15}$/.test(String(tid))
        ? String(tid)
        : `unparsed:${sha256Hex(text).slice(0, 24)}`;
    return {
      externalId,
      raw: text,
      contentType: 'application/json',
      parseError: issueLines(parsed.error).join('; '),
    };
  }
  return {
    externalId: String(parsed.data.tid),
    raw: text,
    contentType: 'application/json',
    draft: mapThread(parsed.data, board, baseUrl),
    tid: parsed.data.tid,
  };
}

/** The thread array of a list answer. A board that had threads must keep answering with an array. */
function threadArray(data: unknown, fid: number, hadThreads: boolean): unknown[] {
  if (Array.isArray(data)) return data as unknown[];
  if ((data === null || data === undefined) && !hadThreads) return [];
  throw new ConnectorError(
    'layout_changed',
    `board ${fid}: responseData is ${data === null ? 'null' : typeof data}, not the thread list`,
  );
}

interface Range {
  below: number;
  downTo: number;
  top: boolean;
}

/** Yields the records of each API page of one board; leaves the board's next cursor in `out`. */
async function* walkBoard(
  session: LiuyanSession,
  config: PeopleLiuyanConfig,
  board: PeopleLiuyanBoard,
  before: BoardCursor,
  out: { cursor: BoardCursor },
): AsyncGenerator<PulledRecord[]> {
  let budget = config.maxPagesPerRun;
  let newest = before.newestTid;
  const pending: { below: number; downTo: number }[] = [];
  const ranges: Range[] = [{ below: 0, downTo: before.newestTid, top: true }];
  if (before.gap) ranges.push({ ...before.gap, top: false });

  for (const range of ranges) {
    let lastItem = range.below;
    let size = range.top ? Math.max(config.pageSize, config.recheckRecent) : config.pageSize;
    for (;;) {
      if (budget === 0) {
        // Out of pages: what this range did not reach is read next run (a new instance does not backfill).
        if (!(range.top && range.downTo === 0)) pending.push({ below: lastItem, downTo: range.downTo });
        break;
      }
      budget--;
      const data = await session.list(board.fid, lastItem, size);
      const threads = threadArray(data, board.fid, newest > 0);
      const records = threads.map((t) => toRecord(t, board, config.baseUrl));
      yield records.map(({ tid: _tid, ...r }) => r);
      const tids = records.flatMap((r) => (r.tid === undefined ? [] : [r.tid]));
      if (tids.length > 0) newest = Math.max(newest, ...tids);
      const oldest = tids.length > 0 ? Math.min(...tids) : undefined;
      const reached = tids.some((t) => t <= range.downTo);
      const stuck = oldest === undefined || (lastItem > 0 && oldest >= lastItem);
      if (reached || threads.length < size || stuck) break;
      lastItem = oldest;
      size = config.pageSize;
    }
  }
  out.cursor =
    pending.length > 0
      ? {
          newestTid: newest,
          gap: {
            below: Math.max(...pending.map((p) => p.below)),
            downTo: Math.min(...pending.map((p) => p.downTo)),
          },
        }
      : { newestTid: newest };
}

export const peopleLiuyanConnector: ConnectorType<PeopleLiuyanConfig> = {
  type: 'people_liuyan',
  channel: 'people_liuyan',
  parserVersion: 'people_liuyan/1',
  configSchema: peopleLiuyanConfigSchema,

  async check(config, ctx: ConnectorContext): Promise<CheckResult> {
    const session = new LiuyanSession(config, ctx);
    const errors: CheckResult['errors'] = [];
    let sample = 0;
    for (const [i, board] of config.boards.entries()) {
      try {
        const threads = threadArray(await session.list(board.fid, 0, 5), board.fid, false);
        for (const [j, raw] of threads.entries()) {
          const r = toRecord(raw, board, config.baseUrl);
          if (r.parseError) errors.push({ field: `boards[${i}].records[${j}]`, message: r.parseError });
        }
        sample += threads.length;
      } catch (e) {
        const message = (e as Error).message;
        if (e instanceof LiuyanRejectedError) {
          errors.push({ field: `boards[${i}].fid`, message });
          continue;
        }
        if (e instanceof ConnectorError && e.kind === 'layout_changed') {
          errors.push({ message });
          continue;
        }
        // Unreachable, not the board, or the WAF will not let us in: the same for every board.
        errors.push({ field: 'baseUrl', message });
        break;
      }
    }
    return { ok: errors.length === 0, sample, errors };
  },

  async *pull(config, rawCursor, ctx): AsyncIterable<PulledPage> {
    const session = new LiuyanSession(config, ctx);
    const committed: Record<string, unknown> = structuredClone(rawCursor ?? {});
    for (const board of config.boards) {
      const key = String(board.fid);
      const out = { cursor: readBoardCursor(committed[key]) };
      // One page held back, so the board's last page can carry its new cursor.
      let held: PulledRecord[] | undefined;
      try {
        for await (const records of walkBoard(session, config, board, out.cursor, out)) {
          if (held) yield { records: held, cursor: structuredClone(committed) };
          held = records;
        }
      } catch (e) {
        if (held) yield { records: held, cursor: structuredClone(committed) };
        throw e;
      }
      committed[key] = out.cursor;
      yield { records: held ?? [], cursor: structuredClone(committed) };
    }
  },
};
