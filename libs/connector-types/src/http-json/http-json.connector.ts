import {
  ConnectorError,
  implementConnector,
  type CheckResult,
  type ConnectorContext,
  type PulledRecord,
} from '@minsheng/connector-sdk';
import { type HttpJsonConfig } from './http-json.config';
import { httpJsonDefinition, type HttpJsonCursor, type Position } from './http-json.definition';
import { toRecord } from './http-json.mapper';
import { getPath, hasPath } from './json-path';
import { parseTime } from './time-format';

type Scalar = string | number;

const isScalar = (v: unknown): v is Scalar =>
  (typeof v === 'string' && v.length > 0 && v.length <= 500) || (typeof v === 'number' && Number.isFinite(v));

function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function startPosition(config: HttpJsonConfig): Position {
  const p = config.paging;
  if (p.style === 'page') return { page: p.startAt };
  if (p.style === 'offset') return { offset: 0 };
  return {};
}

/** The request for one page: paging and incremental parameters in the query (GET) or JSON body (POST). */
export async function fetchPage(
  config: HttpJsonConfig,
  at: Position,
  since: Scalar | undefined,
  ctx: ConnectorContext,
): Promise<unknown> {
  const params: Record<string, Scalar> = {};
  const p = config.paging;
  if (p.style === 'page') {
    params[p.pageParam] = at.page ?? p.startAt;
    if (p.sizeParam) params[p.sizeParam] = p.size;
  } else if (p.style === 'offset') {
    params[p.offsetParam] = at.offset ?? 0;
    params[p.limitParam] = p.limit;
  } else if (p.style === 'cursor' && at.cursor !== undefined) {
    params[p.cursorParam] = at.cursor;
  } else if (p.style === 'lastId' && at.lastId !== undefined) {
    params[p.lastIdParam] = at.lastId;
  }
  if (config.incremental && since !== undefined) params[config.incremental.param] = since;

  const url = new URL(config.url);
  const headers: Record<string, string> = { accept: 'application/json', ...config.headers };
  if (config.auth?.kind === 'bearer') headers.authorization = `Bearer ${config.auth.token}`;
  if (config.auth?.kind === 'header') headers[config.auth.name] = config.auth.value;
  if (config.auth?.kind === 'query') url.searchParams.set(config.auth.name, config.auth.value);
  const post = config.method === 'POST';
  if (!post) for (const [k, v] of Object.entries(params)) url.searchParams.set(k, String(v));

  const res = await ctx.http.send(url.toString(), {
    method: config.method,
    json: post ? { ...config.body, ...params } : undefined,
    headers,
    timeoutMs: config.timeoutMs,
  });
  try {
    return JSON.parse(res.body) as unknown;
  } catch {
    throw new ConnectorError('malformed', `${config.method} ${config.url}: the response is not JSON`);
  }
}

/** The record array of a response; anything else means the source changed its layout. */
export function recordsOf(body: unknown, config: HttpJsonConfig): unknown[] {
  const list = getPath(body, config.recordsPath);
  if (Array.isArray(list)) return list as unknown[];
  const what = list === undefined ? 'missing' : list === null ? 'null' : typeof list;
  throw new ConnectorError(
    'layout_changed',
    `${config.url}: recordsPath "${config.recordsPath}" is ${what}, not an array of records`,
  );
}

/** The newer of two incremental values (by time; unparseable values never win). */
function newer(a: Scalar | undefined, v: unknown, config: HttpJsonConfig): Scalar | undefined {
  const inc = config.incremental;
  if (!inc || !isScalar(v)) return a;
  const t = parseTime(v, inc.format);
  if (t === null) return a;
  const ta = a === undefined ? null : parseTime(a, inc.format);
  return ta === null || t > ta ? v : a;
}

/** Where the walk goes after a page, or null when that page was the last. */
function advance(config: HttpJsonConfig, at: Position, body: unknown, records: unknown[]): Position | null {
  const p = config.paging;
  const n = records.length;
  switch (p.style) {
    case 'page':
      return n === 0 || (p.sizeParam !== undefined && n < p.size)
        ? null
        : { page: (at.page ?? p.startAt) + 1 };
    case 'offset':
      return n === 0 || n < p.limit ? null : { offset: (at.offset ?? 0) + n };
    case 'cursor': {
      const next = getPath(body, p.nextCursorPath);
      return n === 0 || !isScalar(next) || next === at.cursor ? null : { cursor: next };
    }
    case 'lastId': {
      const ids = records.map((r) => getPath(r, p.idPath)).filter(isScalar);
      const last = ids.at(-1);
      return n === 0 || last === undefined || last === at.lastId ? null : { lastId: last };
    }
    case 'none':
      return null;
  }
}

function field(message: string): string | undefined {
  return /^((?:mapping|incremental|paging)\.[A-Za-z.]+):/.exec(message)?.[1];
}

/** Its own check: besides the first page, every mapping path is looked for in the sample, each its own field error. */
export const httpJsonConnector = implementConnector(httpJsonDefinition, {
  async check(config, ctx): Promise<CheckResult> {
    const errors: CheckResult['errors'] = [];
    let body: unknown;
    try {
      body = await fetchPage(config, startPosition(config), undefined, ctx);
    } catch (e) {
      const kind = e instanceof ConnectorError ? e.kind : 'temporary';
      return {
        ok: false,
        sample: 0,
        errors: [{ field: kind === 'forbidden' ? 'auth' : 'url', message: (e as Error).message }],
      };
    }
    const list = getPath(body, config.recordsPath);
    if (!Array.isArray(list)) {
      const message = `path "${config.recordsPath}" is not an array in the response`;
      return { ok: false, sample: 0, errors: [{ field: 'recordsPath', message }] };
    }
    const sample = (list as unknown[]).slice(0, 5);
    if (sample.length === 0) return { ok: true, sample: 0, errors: [] };

    const m = config.mapping;
    const paths: [string, string][] = [
      ['mapping.externalId', m.externalId],
      ...(Array.isArray(m.content) ? m.content : [m.content]).map((p): [string, string] => [
        'mapping.content',
        p,
      ]),
    ];
    const optional = {
      title: m.title,
      address: m.address,
      adcode: m.adcode,
      lat: m.lat,
      lng: m.lng,
      phone: m.phone,
      name: m.name,
      sourceTypeLabel: m.sourceTypeLabel,
      sourceDomainLabel: m.sourceDomainLabel,
      status: m.status,
      reply: m.reply,
      submittedAt: m.submittedAt?.path,
      appealType: m.appealType?.path,
    };
    for (const [k, p] of Object.entries(optional)) if (p) paths.push([`mapping.${k}`, p]);
    if (m.externalUrl) {
      const refs = m.externalUrl.includes('{')
        ? [...m.externalUrl.matchAll(/\{([^{}]+)\}/g)].map((x) => x[1]).filter((x) => x !== 'id')
        : [m.externalUrl];
      for (const p of refs) paths.push(['mapping.externalUrl', p]);
    }
    if (config.incremental) paths.push(['incremental.fromPath', config.incremental.fromPath]);
    if (config.paging.style === 'lastId') paths.push(['paging.idPath', config.paging.idPath]);

    const where = sample.length === 1 ? 'the sample record' : `any of the ${sample.length} sample records`;
    for (const [f, p] of paths) {
      if (!sample.some((r) => hasPath(r, p))) {
        errors.push({ field: f, message: `${f}: path "${p}" not found in ${where}` });
      }
    }
    if (config.paging.style === 'cursor' && getPath(body, config.paging.nextCursorPath) === undefined) {
      const p = config.paging.nextCursorPath;
      errors.push({
        field: 'paging.nextCursorPath',
        message: `paging.nextCursorPath: path "${p}" not found in the response`,
      });
    }
    if (config.incremental) {
      const { fromPath, format } = config.incremental;
      const bad = sample
        .map((r) => getPath(r, fromPath))
        .find((v) => v !== undefined && parseTime(v, format) === null);
      if (bad !== undefined) {
        errors.push({
          field: 'incremental.format',
          message: `incremental.format: ${JSON.stringify(bad)} at "${fromPath}" is not a ${format} time`,
        });
      }
    }
    for (const r of sample) {
      const parsed = toRecord(r, config, ctx.piiHashKey);
      if (!parsed.parseError) continue;
      const f = field(parsed.parseError);
      if (!errors.some((e) => e.field === f)) errors.push({ field: f, message: parsed.parseError });
    }
    return { ok: errors.length === 0, sample: sample.length, errors };
  },

  async *pull(config, cursor, ctx) {
    const before: HttpJsonCursor = cursor ?? {};
    const since = before.since;
    let highWater = before.highWater ?? since;
    const resume = Object.values(before.next ?? {}).some((v) => v !== undefined) ? before.next : undefined;
    let at = resume ?? startPosition(config);
    const keepLastId = config.paging.style === 'lastId' && !config.incremental;
    for (let n = 1; n <= config.maxPages; n++) {
      const body = await fetchPage(config, at, since, ctx);
      const list = recordsOf(body, config);
      const records: PulledRecord[] = list.map((r) => toRecord(r, config, ctx.piiHashKey));
      const inc = config.incremental;
      if (inc) for (const r of list) highWater = newer(highWater, getPath(r, inc.fromPath), config);
      const next = advance(config, at, body, list);
      if (next === null) {
        // The walk is complete: its high-water is where the next run starts.
        const lastId = keepLastId ? at.lastId : undefined;
        yield {
          records,
          cursor: clean({ since: highWater, next: lastId !== undefined ? { lastId } : undefined }),
        };
        return;
      }
      at = next;
      yield { records, cursor: clean({ since, highWater, next: at }) };
    }
  },
});
