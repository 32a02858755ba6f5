import { issueLines } from '@minsheng/shared/contracts';
import {
  checkFirstPage,
  ConnectorError,
  implementConnector,
  quarantineId,
  type CheckResult,
  type Connector,
  type ConnectorContext,
  type PulledRecord,
} from '@minsheng/connector-sdk';
import { type PeopleLiuyanBoard, type PeopleLiuyanConfig } from './people-liuyan.config';
import { peopleLiuyanDefinition, type BoardCursor, type LiuyanCursor } from './people-liuyan.definition';
import { mapThread } from './people-liuyan.mapper';
import { liuyanThreadSchema } from './people-liuyan.record';
import { LiuyanRejectedError, LiuyanSession } from './people-liuyan.session';

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
        : quarantineId(text);
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

/**
 * Its own check, board by board with the default first-page check: a board the site refuses (an unknown fid) is
 * that board's error and the others are still checked; an unreachable site is the same for every board.
 */
function boardField(e: unknown, board: number): string | undefined {
  if (e instanceof LiuyanRejectedError) return `boards[${board}].fid`;
  if (e instanceof ConnectorError && e.kind === 'layout_changed') return undefined;
  // Unreachable, not the board, or the WAF will not let us in: the same for every board.
  return 'baseUrl';
}

async function checkBoards(
  connector: Connector<PeopleLiuyanConfig, LiuyanCursor>,
  config: PeopleLiuyanConfig,
  ctx: ConnectorContext,
): Promise<CheckResult> {
  const errors: CheckResult['errors'] = [];
  let sample = 0;
  for (const [i, board] of config.boards.entries()) {
    const one = { ...config, boards: [board], pageSize: 5, recheckRecent: 0, maxPagesPerRun: 1 };
    const result = await checkFirstPage(connector.pull(one, null, ctx), (e) => boardField(e, i));
    sample += result.sample;
    for (const e of result.errors)
      errors.push(e.field?.startsWith('records[') ? { ...e, field: `boards[${i}].${e.field}` } : e);
    if (result.errors.some((e) => e.field === 'baseUrl')) break;
  }
  return { ok: errors.length === 0, sample, errors };
}

export const peopleLiuyanConnector: Connector<PeopleLiuyanConfig, LiuyanCursor> = implementConnector(
  peopleLiuyanDefinition,
  {
    check: (config, ctx) => checkBoards(peopleLiuyanConnector, config, ctx),

    async *pull(config, cursor, ctx) {
      const session = new LiuyanSession(config, ctx);
      const committed: LiuyanCursor = structuredClone(cursor ?? {});
      for (const board of config.boards) {
        const key = String(board.fid);
        const out = { cursor: committed[key] ?? { newestTid: 0 } };
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
  },
);
