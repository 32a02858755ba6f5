import { issueLines } from '@minsheng/shared/contracts';
import {
  ConnectorError,
  implementConnector,
  quarantineId,
  type Connector,
  type ConnectorContext,
  type PulledRecord,
} from '@minsheng/connector-sdk';
import { type PublicOpinionConfig } from './public-opinion.config';
import { publicOpinionDefinition, type OpinionCursor } from './public-opinion.definition';
import { mapHit } from './public-opinion.mapper';
import { opinionFailureSchema, opinionHitSchema, opinionPageSchema } from './public-opinion.record';

const MAX_PAGES_PER_RUN = 1000;
/** Vendor codes: a key it does not know, a task that is not the key's. */
const BAD_KEY = new Set([401, 403, 40101, 40301]);
const TASK_NOT_FOUND = 40401;

interface Window {
  start: number;
  end: number;
}

function windowFor(config: PublicOpinionConfig, cursor: OpinionCursor | null, now: number): Window {
  const previous = cursor?.windowEnd;
  const start =
    previous !== undefined
      ? previous - config.overlapMinutes * 60_000
      : now - config.lookbackMinutes * 60_000;
  return { start: Math.min(start, now - 1), end: now };
}

function hitsUrl(config: PublicOpinionConfig, w: Window, sessionId?: string): string {
  const url = new URL(
    `api/v1/tasks/${encodeURIComponent(config.taskId)}/hits`,
    config.baseUrl.endsWith('/') ? config.baseUrl : `${config.baseUrl}/`,
  );
  url.searchParams.set('start', String(w.start));
  url.searchParams.set('end', String(w.end));
  if (config.mediaTypes) url.searchParams.set('mediaTypes', config.mediaTypes.join(','));
  if (config.sentiments) url.searchParams.set('sentiment', config.sentiments.join(','));
  url.searchParams.set('limit', String(config.limit));
  if (sessionId) url.searchParams.set('session_id', sessionId);
  return url.toString();
}

/** A request the vendor refused with a non-zero code (bad key, unknown task, expired session, …). */
export class OpinionRefusedError extends ConnectorError {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(BAD_KEY.has(code) ? 'forbidden' : 'malformed', message);
  }
}

async function fetchPage(config: PublicOpinionConfig, w: Window, ctx: ConnectorContext, sessionId?: string) {
  const url = hitsUrl(config, w, sessionId);
  const res = await ctx.http.get(url, {
    headers: { 'X-Api-Key': config.apiKey, accept: 'application/json' },
    timeoutMs: config.timeoutMs,
  });
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    throw new ConnectorError(
      'malformed',
      `task ${config.taskId}: answer is not JSON (${res.body.length} chars)`,
    );
  }
  const failure = opinionFailureSchema.safeParse(json);
  if (failure.success && failure.data.code !== 0)
    throw new OpinionRefusedError(
      failure.data.code,
      `task ${config.taskId}: refused with code ${failure.data.code} (${failure.data.msg ?? 'no message'})`,
    );
  const page = opinionPageSchema.safeParse(json);
  if (!page.success)
    throw new ConnectorError(
      'layout_changed',
      `task ${config.taskId}: unexpected answer shape: ${issueLines(page.error).join('; ')}`,
    );
  return page.data.data;
}

/** One hit as a record: its draft, or why it could not be read. */
export function toRecord(raw: unknown, config: Pick<PublicOpinionConfig, 'riskHotness'>): PulledRecord {
  const text = JSON.stringify(raw);
  const parsed = opinionHitSchema.safeParse(raw);
  const rawId = (raw as { id?: unknown } | null)?.id;
  const fallbackId =
    (typeof rawId === 'string' && /^[\w:.-]{1,120}$/.test(rawId)) || (typeof rawId === 'number' && rawId >= 0)
      ? String(rawId)
      : quarantineId(text);
  if (!parsed.success) {
    return {
      externalId: fallbackId,
      raw: text,
      contentType: 'application/json',
      parseError: issueLines(parsed.error).join('; '),
    };
  }
  const mapped = mapHit(parsed.data, config);
  if ('error' in mapped)
    return {
      externalId: parsed.data.id,
      raw: text,
      contentType: 'application/json',
      parseError: mapped.error,
    };
  return { externalId: parsed.data.id, raw: text, contentType: 'application/json', draft: mapped.draft };
}

/** Which config field a failed check points at. */
function checkField(e: unknown): string | undefined {
  if (e instanceof OpinionRefusedError) {
    if (e.kind === 'forbidden') return 'apiKey';
    return e.code === TASK_NOT_FOUND ? 'taskId' : undefined;
  }
  if (!(e instanceof ConnectorError)) return 'baseUrl';
  if (e.kind === 'forbidden') return 'apiKey';
  // Not the API at all (404, not JSON) or unreachable: the base URL is wrong.
  return e.kind === 'layout_changed' ? undefined : 'baseUrl';
}

export function createPublicOpinionConnector(
  clock: { now(): number } = { now: () => Date.now() },
): Connector<PublicOpinionConfig, OpinionCursor> {
  return implementConnector(publicOpinionDefinition, {
    sampleConfig: (config) => ({ ...config, limit: 5 }),
    fieldOf: checkField,

    async *pull(config, cursor, ctx) {
      const w = windowFor(config, cursor, clock.now());
      const committed = structuredClone(cursor ?? {});
      const seen = new Set<string>();
      let sessionId: string | undefined;
      for (let n = 1; ; n++) {
        if (n > MAX_PAGES_PER_RUN)
          throw new ConnectorError(
            'malformed',
            `task ${config.taskId}: more than ${MAX_PAGES_PER_RUN} pages`,
          );
        const page = await fetchPage(config, w, ctx, sessionId);
        // The vendor repeats a hit across pages now and then; one record per hit and run is enough.
        const records = page.hits
          .map((raw) => toRecord(raw, config))
          .filter((r) => !seen.has(r.externalId) && seen.add(r.externalId));
        const last = !page.has_more;
        yield { records, cursor: last ? { windowEnd: w.end } : structuredClone(committed) };
        if (last) return;
        if (!page.session_id)
          throw new ConnectorError('layout_changed', `task ${config.taskId}: has_more without a session_id`);
        sessionId = page.session_id;
      }
    },
  });
}

export const publicOpinionConnector = createPublicOpinionConnector();
