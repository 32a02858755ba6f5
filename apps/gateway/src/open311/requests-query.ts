import { HttpStatus } from '@nestjs/common';
import { Open311Error } from './open311-error';
import { parseW3cTime } from './w3c-time';

const DAY_MS = 86_400_000;
/** GeoReport: without dates, the last 90 days; a range may not span more than 90 days. */
export const WINDOW_DAYS = 90;
/** GeoReport: at most 1,000 requests per answer (the newest, here). */
export const MAX_RESULTS = 1000;
export const ITEM_ID = /^ap_[0-9a-f]{32}$/;

export type Open311Status = 'open' | 'closed';

export type RequestsQuery =
  /** service_request_id overrides every other argument (GeoReport), though never the caller's scope. */
  | { kind: 'ids'; ids: string[]; publicOnly: boolean }
  | {
      kind: 'search';
      publicOnly: boolean;
      serviceCodes?: string[];
      statuses?: Open311Status[];
      start: Date;
      end: Date;
    };

function single(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  // Express turns ?a=1&a=2 into an array; GeoReport's way to ask for several values is one comma-separated list.
  if (typeof value !== 'string')
    throw new Open311Error(HttpStatus.BAD_REQUEST, `${name} must be given once (use a comma-separated list)`);
  return value;
}

function list(name: string, value: unknown): string[] | undefined {
  const text = single(name, value);
  if (text === undefined) return undefined;
  const values = [...new Set(text.split(',').map((v) => v.trim()))];
  if (values.some((v) => !v)) throw new Open311Error(HttpStatus.BAD_REQUEST, `${name} has an empty entry`);
  return values;
}

function date(name: string, value: unknown): Date | undefined {
  const text = single(name, value);
  if (text === undefined) return undefined;
  const d = parseW3cTime(text);
  if (!d)
    throw new Open311Error(
      HttpStatus.BAD_REQUEST,
      `${name} must be a W3C date-time with a time zone, e.g. 2026-11-20T00:00:00+08:00`,
    );
  return d;
}

/**
 * The hub's one extension to GeoReport's arguments: `public=true` keeps only appeals whose reporter agreed to
 * publication, the 回音壁 (reply wall) feed a portal republishes (decision 038).
 */
function publicOnly(value: unknown): boolean {
  const text = single('public', value);
  if (text === undefined || text === 'false') return false;
  if (text === 'true') return true;
  throw new Open311Error(HttpStatus.BAD_REQUEST, 'public must be true or false');
}

/** The GET requests arguments, validated, with the 90-day window filled in. */
export function parseRequestsQuery(query: Record<string, unknown>, now = new Date()): RequestsQuery {
  const wall = publicOnly(query.public);
  const ids = list('service_request_id', query.service_request_id);
  if (ids) {
    const bad = ids.find((id) => !ITEM_ID.test(id));
    if (bad)
      throw new Open311Error(
        HttpStatus.BAD_REQUEST,
        `service_request_id ${bad} is not a request id (ap_ followed by 32 hex digits)`,
      );
    if (ids.length > MAX_RESULTS)
      throw new Open311Error(
        HttpStatus.BAD_REQUEST,
        `at most ${MAX_RESULTS} service_request_id values per call`,
      );
    return { kind: 'ids', ids, publicOnly: wall };
  }
  const statuses = list('status', query.status);
  const wrong = statuses?.find((s) => s !== 'open' && s !== 'closed');
  if (wrong) throw new Open311Error(HttpStatus.BAD_REQUEST, `status ${wrong} is not open or closed`);
  const given = { start: date('start_date', query.start_date), end: date('end_date', query.end_date) };
  const span = WINDOW_DAYS * DAY_MS;
  const end = given.end ?? (given.start ? new Date(given.start.getTime() + span) : now);
  const start = given.start ?? new Date(end.getTime() - span);
  if (end < start) throw new Open311Error(HttpStatus.BAD_REQUEST, 'end_date is before start_date');
  if (end.getTime() - start.getTime() > span)
    throw new Open311Error(
      HttpStatus.BAD_REQUEST,
      `start_date and end_date may not be more than ${WINDOW_DAYS} days apart`,
    );
  return {
    kind: 'search',
    publicOnly: wall,
    serviceCodes: list('service_code', query.service_code),
    statuses: statuses as Open311Status[] | undefined,
    start,
    end,
  };
}
