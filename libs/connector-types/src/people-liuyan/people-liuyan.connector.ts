import { createHash } from 'node:crypto';
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
import {
  MAX_DETAIL_ATTEMPTS,
  peopleLiuyanDefinition,
  REMEMBERED_DETAILS,
  RETRIED_DETAILS,
  type BoardCursor,
  type LiuyanCursor,
} from './people-liuyan.definition';
import { isPreview, parseDetail } from './people-liuyan.detail';
import { mapThread, threadUrl, type DetailOutcome } from './people-liuyan.mapper';
import { liuyanThreadSchema, type LiuyanThread } from './people-liuyan.record';
import { LiuyanRejectedError, LiuyanSession } from './people-liuyan.session';

type TidRecord = PulledRecord & { tid?: number };

/** What was read of a thread's detail page, kept beside its list entry in the raw capture. */
export interface DetailRead {
  url: string;
  outcome: DetailOutcome;
  html?: string;
}

function rawOf(text: string, raw: unknown, read: DetailRead | undefined): string {
  if (!read) return text;
  const outcome = read.outcome && 'failed' in read.outcome ? { detailError: read.outcome.failed } : {};
  return JSON.stringify({
    list: raw,
    detailUrl: read.url,
    ...(read.html ? { detail: read.html } : {}),
    ...outcome,
  });
}

/**
 * One thread of a list answer as a record: its draft, or why it could not be parsed. With `read`, the detail page
 * (or why it failed) is applied and the raw capture is `{list, detailUrl, detail | detailError}`; without, the raw
 * capture is the list entry itself.
 */
export function toRecord(
  raw: unknown,
  board: PeopleLiuyanBoard,
  baseUrl: string,
  read?: DetailRead,
): TidRecord {
  const text = JSON.stringify(raw) ?? 'undefined';
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
    raw: rawOf(text, raw, read),
    contentType: 'application/json',
    draft: mapThread(parsed.data, board, baseUrl, read?.outcome),
    tid: parsed.data.tid,
  };
}

/** A list entry whose text is a cut preview, or that has a reply, is completed from its detail page. */
export function needsDetail(t: LiuyanThread): boolean {
  return isPreview(t.content) || t.answerContent.trim() !== '' || t.answerDateline !== undefined;
}

/** The list entry as it was when its detail page was read; the board's mapping is part of it. */
function fingerprint(board: PeopleLiuyanBoard, text: string): string {
  return createHash('sha256')
    .update(`${peopleLiuyanDefinition.parserVersion}\n${board.name}\n${board.ownerCode ?? ''}\n${text}`)
    .digest('hex')
    .slice(0, 16);
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

/** One board's detail bookkeeping for a run: what was read in full, what still waits for a retry. */
class DetailBook {
  readonly read = new Map<number, string>();
  readonly retry: Map<number, number>;
  private readonly before: Map<number, string>;
  private readonly seen = new Set<number>();

  constructor(cursor: BoardCursor) {
    this.before = new Map(cursor.details ?? []);
    this.retry = new Map(cursor.retry ?? []);
  }

  /** Retries this run has not met in its walk (they fell out of the re-checked window). */
  pendingRetries(): [number, number][] {
    return [...this.retry].filter(([tid]) => !this.seen.has(tid));
  }

  meet(tid: number): void {
    this.seen.add(tid);
  }

  unchanged(tid: number, fp: string): boolean {
    if (this.before.get(tid) !== fp) return false;
    this.read.set(tid, fp);
    return true;
  }

  succeeded(tid: number, fp: string): void {
    this.read.set(tid, fp);
    this.retry.delete(tid);
  }

  /** Retried next run, until MAX_DETAIL_ATTEMPTS: then remembered as read, so only a change of the entry retries. */
  failed(tid: number, fp: string): void {
    const attempts = (this.retry.get(tid) ?? 0) + 1;
    if (attempts >= MAX_DETAIL_ATTEMPTS) {
      this.retry.delete(tid);
      this.read.set(tid, fp);
    } else this.retry.set(tid, attempts);
  }

  write(): Pick<BoardCursor, 'details' | 'retry'> {
    const details: [number, string][] = [...this.read];
    for (const e of this.before) {
      if (details.length >= REMEMBERED_DETAILS) break;
      if (!this.read.has(e[0]) && !this.seen.has(e[0])) details.push(e);
    }
    const retry = [...this.retry].slice(0, RETRIED_DETAILS);
    return {
      ...(details.length > 0 ? { details: details.slice(0, REMEMBERED_DETAILS) } : {}),
      ...(retry.length > 0 ? { retry } : {}),
    };
  }
}

/**
 * The record of one list entry, reading its detail page when needed (through the run's fetcher, so at the host's
 * pace). Undefined for an entry read in full before and unchanged since: its item cannot have changed.
 */
async function entryRecord(
  raw: unknown,
  session: LiuyanSession,
  config: PeopleLiuyanConfig,
  board: PeopleLiuyanBoard,
  book: DetailBook,
): Promise<TidRecord | undefined> {
  const parsed = liuyanThreadSchema.safeParse(raw);
  if (!parsed.success) return toRecord(raw, board, config.baseUrl);
  const t = parsed.data;
  book.meet(t.tid);
  if (!needsDetail(t)) {
    book.retry.delete(t.tid);
    return toRecord(raw, board, config.baseUrl);
  }
  const fp = fingerprint(board, JSON.stringify(raw));
  if (book.unchanged(t.tid, fp)) return undefined;
  const url = threadUrl(config.baseUrl, t.tid);
  let read: DetailRead;
  try {
    const html = await session.detail(board.fid, url);
    const page = parseDetail(html, url);
    read = { url, html, outcome: page.ok ? { detail: page.detail } : { failed: page.error } };
  } catch (e) {
    // Whatever went wrong (a 404, a WAF, an open circuit), the item is stored from its list entry and flagged.
    read = { url, outcome: { failed: e instanceof Error ? e.message : String(e) } };
  }
  if (read.outcome && 'failed' in read.outcome) book.failed(t.tid, fp);
  else book.succeeded(t.tid, fp);
  return toRecord(raw, board, config.baseUrl, read);
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
  const book = new DetailBook(before);
  const pending: { below: number; downTo: number }[] = [];
  const ranges: Range[] = [{ below: 0, downTo: before.newestTid, top: true }];
  if (before.gap) ranges.push({ below: before.gap.below, downTo: before.gap.downTo, top: false });

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
      const records: TidRecord[] = [];
      const tids: number[] = [];
      for (const raw of threads) {
        const tid = liuyanThreadSchema.safeParse(raw).data?.tid;
        if (tid !== undefined) tids.push(tid);
        const record = await entryRecord(raw, session, config, board, book);
        if (record) records.push(record);
      }
      yield records.map(({ tid: _tid, ...r }) => r);
      if (tids.length > 0) newest = Math.max(newest, ...tids);
      const oldest = tids.length > 0 ? Math.min(...tids) : undefined;
      const reached = tids.some((t) => t <= range.downTo);
      const stuck = oldest === undefined || (lastItem > 0 && oldest >= lastItem);
      if (reached || threads.length < size || stuck) break;
      lastItem = oldest;
      size = config.pageSize;
    }
  }

  // Failed detail pages of threads the walk did not meet again: the list entry of each (the thread just below
  // tid + 1), then its detail page. A thread the list no longer has (deleted, or out of `state`) is dropped.
  const retries = book.pendingRetries();
  if (retries.length > 0) {
    const records: TidRecord[] = [];
    for (const [tid] of retries) {
      const [first] = threadArray(await session.list(board.fid, tid + 1, 1), board.fid, true);
      if (liuyanThreadSchema.safeParse(first).data?.tid !== tid) {
        book.retry.delete(tid);
        continue;
      }
      const record = await entryRecord(first, session, config, board, book);
      if (record) records.push(record);
    }
    yield records.map(({ tid: _tid, ...r }) => r);
  }

  out.cursor = {
    newestTid: newest,
    ...(pending.length > 0
      ? {
          gap: {
            below: Math.max(...pending.map((p) => p.below)),
            downTo: Math.min(...pending.map((p) => p.downTo)),
          },
        }
      : {}),
    ...book.write(),
  };
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
