import { APPEAL_TEMPLATES, OPENER_VERB, type AppealType } from './appeal-templates';
import { buildPlace, COUNTIES, type County, type Place } from './fuyang-places';
import { createRng, type Rng } from './prng';
import { formatShanghai, shanghaiEpochMs } from './shanghai-time';

/** One record as the 12345 REST export delivers it (field names and formats copied from it). */
export interface HotlineWorkOrder {
  recordNo: string;
  acceptTime: string;
  updateTime: string;
  appealType: string;
  appealTitle: string;
  appealContent: string;
  citizenName: string;
  contactPhone: string;
  incidentAddress: string;
  urgency: string;
  repeatFlag: '0' | '1';
  anonymousFlag: '0' | '1';
  status: string;
  sourceChannel: string;
  /** Only on orders a test gives files to; the export leaves the field out otherwise. */
  attachments?: { fileName: string; fileType: string; fileUrl: string }[];
}

export interface GeneratedOrder {
  order: HotlineWorkOrder;
  /** The county the connector should resolve, or null when the caller named no place. */
  expectedCountyCode: string | null;
}

/** Two slots in every 25 get no place: exactly 8% of any multiple of 25, spread evenly. */
const NO_PLACE_SLOTS: ReadonlySet<number> = new Set([11, 23]);

// Per-day sequence numbers advance by up to 2, so this keeps them within 4 digits.
const MAX_ORDERS = 100_000;

const SURNAMES = [
  ...'张王李刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟万段雷钱汤尹常武乔贺龚',
];

const MOBILE_PREFIXES = [
  ...['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156'],
  ...['157', '158', '159', '166', '173', '177', '180', '181', '182', '183', '185', '186', '187', '188'],
  ...['189', '191', '198', '199'],
];

const CHANNELS: readonly { name: string; via: string; weight: number }[] = [
  { name: '电话', via: '来电', weight: 0.6 },
  { name: '微信', via: '通过微信', weight: 0.15 },
  { name: '网站', via: '通过网站', weight: 0.1 },
  { name: '皖事通', via: '通过皖事通', weight: 0.15 },
];

// Later statuses have been touched longer after acceptance; ranges are in minutes.
const STATUSES: readonly { name: string; weight: number; minMinutes: number; maxMinutes: number }[] = [
  { name: '待派单', weight: 0.12, minMinutes: 1, maxMinutes: 20 },
  { name: '已派单', weight: 0.23, minMinutes: 10, maxMinutes: 180 },
  { name: '办理中', weight: 0.3, minMinutes: 60, maxMinutes: 48 * 60 },
  { name: '已办结', weight: 0.35, minMinutes: 120, maxMinutes: 72 * 60 },
];

interface Draft {
  acceptMs: number;
  updateMs: number;
  /** Earliest updateMs the drafted status allows. */
  minUpdateMs: number;
  fields: Omit<HotlineWorkOrder, 'recordNo' | 'acceptTime' | 'updateTime'>;
  expectedCountyCode: string | null;
}

function weighted<T extends { weight: number }>(items: readonly T[], rng: Rng): T {
  let roll = rng.next();
  for (const item of items) {
    roll -= item.weight;
    if (roll < 0) return item;
  }
  return rng.pick(items);
}

function acceptInstant(rng: Rng): number {
  // Calls cluster in office hours but the hotline is staffed around the clock.
  const hour = rng.chance(0.85) ? rng.int(8, 21) : rng.int(0, 23);
  return shanghaiEpochMs(2026, 11, rng.int(1, 25), hour, rng.int(0, 59), rng.int(0, 59));
}

function mobileNumber(rng: Rng): string {
  let rest = '';
  for (let i = 0; i < 8; i++) rest += String(rng.int(0, 9));
  return rng.pick(MOBILE_PREFIXES) + rest;
}

function draftOrder(county: County | null, rng: Rng): Draft {
  const template = rng.pick(APPEAL_TEMPLATES);
  const appealType: AppealType = rng.pick(template.types);
  const place: Place | null = county ? buildPlace(county, template.setting, rng) : null;
  const channel = weighted(CHANNELS, rng);
  const status = weighted(STATUSES, rng);
  const repeat = appealType !== '表扬' && rng.chance(0.12);
  const anonymous = rng.chance(0.15);

  let content = `市民${channel.via}${OPENER_VERB[appealType]}：${template.body(place?.mention ?? null, rng)}`;
  const repeatNote = '市民称此前已反映过，问题至今未解决。';
  if (repeat && content.length + repeatNote.length <= 200) content += repeatNote;

  // Operators title complaints by place, but questions and thanks by subject.
  const placeInTitle =
    template.setting !== 'any' && appealType !== '咨询' && appealType !== '表扬' && rng.chance(0.6);
  const title =
    place && placeInTitle ? `${place.countyName}${place.townName}${template.title}` : template.title;

  const acceptMs = acceptInstant(rng);
  const updateMs = acceptMs + rng.int(status.minMinutes * 60, status.maxMinutes * 60) * 1000;

  const surname = rng.pick(SURNAMES);
  return {
    acceptMs,
    updateMs,
    minUpdateMs: acceptMs + status.minMinutes * 60 * 1000,
    expectedCountyCode: county?.code ?? null,
    fields: {
      appealType,
      appealTitle: title,
      appealContent: content,
      citizenName: anonymous ? '匿名' : `${surname}${rng.chance(0.8) ? '**' : '*'}`,
      contactPhone: mobileNumber(rng),
      incidentAddress: place?.address ?? '',
      urgency: rng.chance(template.urgentRate) ? '紧急' : '一般',
      repeatFlag: repeat ? '1' : '0',
      anonymousFlag: anonymous ? '1' : '0',
      status: status.name,
      sourceChannel: channel.name,
    },
  };
}

/**
 * Operators dispatch and close orders in batches, so equal updateTimes are normal; a cursor on
 * updateTime alone would skip or repeat them, which is exactly what the connector must survive.
 * Pulling an update back to its predecessor's time keeps it within its status's range.
 */
function shareSomeUpdateTimes(drafts: Draft[], rng: Rng): void {
  const byUpdate = [...drafts].sort((a, b) => a.updateMs - b.updateMs);
  for (let i = 1; i < byUpdate.length; i++) {
    const prev = byUpdate[i - 1];
    const cur = byUpdate[i];
    if (prev && cur && prev.updateMs >= cur.minUpdateMs && rng.chance(0.15)) cur.updateMs = prev.updateMs;
  }
}

/**
 * Deterministic 12345 work orders for Fuyang. Place-bearing orders visit the counties round-robin;
 * record numbers follow acceptance order per day, as the hotline numbers them.
 */
export function generateWorkOrders(count: number, seed = 12345): GeneratedOrder[] {
  if (!Number.isInteger(count) || count < 0 || count > MAX_ORDERS) {
    throw new RangeError(`count must be an integer in 0..${MAX_ORDERS}, got ${count}`);
  }
  const rng = createRng(seed);
  const drafts: Draft[] = [];
  let placed = 0;
  for (let i = 0; i < count; i++) {
    const county = NO_PLACE_SLOTS.has(i % 25) ? null : COUNTIES[placed++ % COUNTIES.length];
    drafts.push(draftOrder(county, rng));
  }

  shareSomeUpdateTimes(drafts, rng);
  drafts.sort((a, b) => a.acceptMs - b.acceptMs);
  const sequenceByDay = new Map<string, number>();
  return drafts.map((d) => {
    const acceptTime = formatShanghai(d.acceptMs);
    const day = acceptTime.slice(0, 10).replace(/-/g, '');
    // Gaps are normal: the export only carries orders routed to this hub.
    const seq = (sequenceByDay.get(day) ?? 0) + rng.int(1, 2);
    if (seq > 9999) throw new RangeError(`more orders on ${day} than a 4-digit sequence can number`);
    sequenceByDay.set(day, seq);
    return {
      expectedCountyCode: d.expectedCountyCode,
      order: {
        recordNo: `341200${day}${String(seq).padStart(4, '0')}`,
        acceptTime,
        updateTime: formatShanghai(d.updateMs),
        ...d.fields,
      },
    };
  });
}
