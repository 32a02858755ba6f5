import { type AppealItemV1 } from '@minsheng/shared/contracts';
import { hashPhone, maskName, maskPhone } from '@minsheng/shared/pii';
import { attachmentRefs, quarantineId, type ItemDraft, type PulledRecord } from '@minsheng/connector-sdk';
import { type HttpJsonConfig, type HttpJsonMapping } from './http-json.config';
import { getPath, textAt } from './json-path';
import { parseTime, toShanghaiIso } from './time-format';

const ADCODE = /^\d{6}(\d{3}(\d{3})?)?$/;
const MAX_CONTENT = 20000;
const MAX_TITLE = 500;

/** A mapping problem, named by its config field so an operator knows what to fix. */
export class MappingError extends Error {}

const notFound = (field: string, path: string): MappingError =>
  new MappingError(`mapping.${field}: path "${path}" not found in the record`);

function contentOf(record: unknown, m: HttpJsonMapping): string {
  const paths = Array.isArray(m.content) ? m.content : [m.content];
  const parts = paths.flatMap((p) => {
    const t = textAt(record, p);
    return t ? [t] : [];
  });
  if (parts.length === 0) throw notFound('content', paths.join('", "'));
  return parts.join('\n').slice(0, MAX_CONTENT);
}

/** The record's id as text: a string or an integer, at most 200 characters. */
export function externalIdOf(record: unknown, m: HttpJsonMapping): string {
  const v = getPath(record, m.externalId);
  if (v === undefined || v === null || v === '') throw notFound('externalId', m.externalId);
  const id =
    typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : typeof v === 'string' ? v.trim() : '';
  if (!id || id.length > 200) {
    throw new MappingError(`mapping.externalId: ${JSON.stringify(v)} at "${m.externalId}" is not an id`);
  }
  return id;
}

function submittedAtOf(record: unknown, config: HttpJsonConfig): string {
  const spec = config.mapping.submittedAt ?? {
    path: config.incremental?.fromPath ?? '',
    format: config.incremental?.format ?? 'iso',
  };
  const field = config.mapping.submittedAt ? 'mapping.submittedAt' : 'incremental.fromPath';
  const v = getPath(record, spec.path);
  if (v === undefined || v === null || v === '') {
    throw new MappingError(`${field}: path "${spec.path}" not found in the record`);
  }
  const ms = parseTime(v, spec.format);
  if (ms === null)
    throw new MappingError(`${field}: ${JSON.stringify(v)} is not a valid ${spec.format} time`);
  return toShanghaiIso(ms);
}

function coordinate(record: unknown, path: string | undefined, limit: number): number | undefined {
  if (!path) return undefined;
  const v = getPath(record, path);
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : undefined;
}

function locationOf(record: unknown, m: HttpJsonMapping): AppealItemV1['location'] {
  const addressText = m.address ? textAt(record, m.address) : undefined;
  const code = m.adcode ? textAt(record, m.adcode) : undefined;
  const adcode = code && ADCODE.test(code) ? code : undefined;
  const lat = coordinate(record, m.lat, 90);
  const lng = coordinate(record, m.lng, 180);
  const point = lat !== undefined && lng !== undefined && !(lat === 0 && lng === 0);
  const precision = point
    ? 'point'
    : addressText
      ? 'address'
      : adcode
        ? ({ 6: 'county', 9: 'town', 12: 'village' } as const)[adcode.length as 6 | 9 | 12]
        : 'none';
  return {
    addressText,
    adcode,
    lat: point ? lat : undefined,
    lng: point ? lng : undefined,
    crs: point ? m.crs : undefined,
    precision,
    origin: precision === 'none' ? 'none' : point || !addressText ? 'channel' : 'citizen',
  };
}

/** `{id}` is the externalId, `{a.b}` the value at a dot path; a placeholder with no value drops the URL. */
function externalUrlOf(record: unknown, m: HttpJsonMapping, id: string): string | undefined {
  const spec = m.externalUrl;
  if (!spec) return undefined;
  let missing = false;
  const url = spec.includes('{')
    ? spec.replace(/\{([^{}]+)\}/g, (_, p: string) => {
        const v = p === 'id' ? id : textAt(record, p);
        if (v === undefined) missing = true;
        return encodeURIComponent(v ?? '');
      })
    : textAt(record, spec);
  if (missing || !url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The record's attachment list as item refs; entries without an http(s) URL are left out. */
function attachmentsOf(record: unknown, m: HttpJsonMapping): AppealItemV1['attachments'] {
  const spec = m.attachments;
  if (!spec) return [];
  const list = getPath(record, spec.path);
  if (!Array.isArray(list)) return [];
  return attachmentRefs(
    list.map((entry: unknown) => ({
      url: spec.url ? getPath(entry, spec.url) : entry,
      label: spec.type ? getPath(entry, spec.type) : undefined,
    })),
  );
}

/** Drops undefined members so the draft (which the framework hashes) has only what the record had. */
function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * One record as a draft. The phone is hashed and masked here and goes nowhere else in clear; it stays
 * only in the raw capture. Key order is fixed: the framework hashes the draft.
 */
export function mapRecord(
  record: unknown,
  config: HttpJsonConfig,
  piiHashKey: string,
  id: string,
): ItemDraft {
  const m = config.mapping;
  const content = contentOf(record, m);
  const submittedAt = submittedAtOf(record, config);
  const rawType = m.appealType ? textAt(record, m.appealType.path) : undefined;
  const phone = m.phone ? textAt(record, m.phone) : undefined;
  const name = m.name ? textAt(record, m.name) : undefined;
  const status = m.status ? textAt(record, m.status) : undefined;
  const reply = m.reply ? textAt(record, m.reply) : undefined;
  const draft: ItemDraft = {
    externalUrl: externalUrlOf(record, m, id),
    submittedAt,
    title: m.title ? textAt(record, m.title)?.slice(0, MAX_TITLE) : undefined,
    content,
    appealType: (rawType !== undefined ? m.appealType?.values[rawType] : undefined) ?? 'other',
    sourceTypeLabel: m.sourceTypeLabel ? textAt(record, m.sourceTypeLabel) : undefined,
    sourceDomainLabel: m.sourceDomainLabel ? textAt(record, m.sourceDomainLabel) : undefined,
    location: compact(locationOf(record, m)),
    reporter: compact({
      nameMasked: name ? maskName(name) : undefined,
      phoneHash: phone ? (hashPhone(phone, piiHashKey) ?? undefined) : undefined,
      phoneMasked: phone ? (maskPhone(phone) ?? undefined) : undefined,
      anonymous: false,
      publicVisible: m.publicVisible,
    }),
    attachments: attachmentsOf(record, m),
    riskFlags: [],
    upstream: status || reply ? compact({ status, reply }) : undefined,
  };
  return compact(draft);
}

/** One upstream record as a PulledRecord: its draft, or a parse error naming the config field. */
export function toRecord(record: unknown, config: HttpJsonConfig, piiHashKey: string): PulledRecord {
  const raw = JSON.stringify(record) ?? 'null';
  let externalId: string;
  try {
    externalId = externalIdOf(record, config.mapping);
  } catch (e) {
    return {
      externalId: quarantineId(raw),
      raw,
      contentType: 'application/json',
      parseError: (e as Error).message,
    };
  }
  try {
    return {
      externalId,
      raw,
      contentType: 'application/json',
      draft: mapRecord(record, config, piiHashKey, externalId),
    };
  } catch (e) {
    if (!(e instanceof MappingError)) throw e;
    return { externalId, raw, contentType: 'application/json', parseError: e.message };
  }
}
