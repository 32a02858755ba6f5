import { type RoutedTicketV1, type TriageReason } from '@minsheng/shared/contracts';
import { type TicketStatus } from '@minsheng/shared/db';
import { maskText } from '@minsheng/shared/pii';
import { type Open311Status } from './requests-query';
import { w3cTime } from './w3c-time';
import { toWgs84 } from './wgs84';

/** One GeoReport v2 service request, fields in the spec's order; absent values are null as in its examples. */
export interface ServiceRequestView {
  service_request_id: string;
  status: Open311Status;
  status_notes: string | null;
  service_name: string | null;
  service_code: string | null;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string | null;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

/** What the query reads: the head (current status) and the decision it points at (the ticket body). */
export interface HeadRow {
  item_id: string;
  status: TicketStatus;
  department_name: string | null;
  county_code: string | null;
  town_code: string | null;
  village_code: string | null;
  due_at: Date | null;
  submitted_at: Date;
  updated_at: Date;
  ticket: RoutedTicketV1;
  /** The closing unit's answer to the citizen (办结答复): the reason of the closed feedback event, if any. */
  closing_reply?: string | null;
}

/** GeoReport's description is free text of at most 4,000 characters. */
const DESCRIPTION_MAX = 4000;
/** status_notes is meant to be short; a long reply is cut with an ellipsis. */
const REPLY_MAX = 1000;

const TRIAGE_REASONS: Record<TriageReason, string> = {
  no_jurisdiction: '属地不明',
  ambiguous_jurisdiction: '属地存疑',
  no_department: '职责部门不明',
  no_unit: '无对应承办单位',
  returned_too_often: '多次退单',
  manual: '人工分派',
  outside_city: '非本市事项',
  dissatisfied_too_often: '多次不满意',
};

const GRADES: Record<string, string> = {
  urgent: '紧急件',
  simple: '简易件',
  general: '一般件',
  complex: '复杂件',
};

/** triage, routed and accepted are all still being worked on; only closed (办结) is closed. */
export function open311Status(status: TicketStatus): Open311Status {
  return status === 'closed' ? 'closed' : 'open';
}

function statusNotes(row: HeadRow): string {
  const { decision } = row.ticket;
  const unit = decision.lead?.unitName;
  let note: string;
  if (row.status === 'triage' || !unit)
    note = `待人工分派${decision.reason ? `（${TRIAGE_REASONS[decision.reason] ?? decision.reason}）` : ''}`;
  else if (row.status === 'accepted') note = `${unit}已受理`;
  else if (row.status === 'closed') note = `${unit}已办结${closingReply(row)}`;
  else {
    const co = decision.co.map((c) => c.unitName);
    note = `已派发至${unit}${co.length ? `，协办：${co.join('、')}` : ''}`;
  }
  if (decision.duplicateOf) note += `；与${decision.duplicateOf}并单`;
  return note;
}

/**
 * 回音壁: the answer goes out only when the reporter agreed to publication (decision 038), masked like the description;
 * a unit's closing note wins over the reply an upstream channel carried.
 */
function closingReply(row: HeadRow): string {
  const { item } = row.ticket;
  if (!item.reporter.publicVisible) return '';
  const reply = (row.closing_reply ?? item.upstream?.reply ?? '').trim();
  if (!reply) return '';
  const text = maskText(reply);
  return `。答复：${text.length <= REPLY_MAX ? text : `${text.slice(0, REPLY_MAX - 1)}…`}`;
}

function serviceNotice(row: HeadRow): string | null {
  const { decision } = row.ticket;
  if (row.status === 'triage' || !decision.lead) return null;
  const parts = [GRADES[decision.grade] ?? decision.grade];
  if (decision.workingDays !== undefined) parts.push(`${decision.workingDays}个工作日内办结`);
  if (decision.needsConsultation) parts.push('需牵头单位与协办单位会商');
  return parts.join('，');
}

function description(ticket: RoutedTicketV1): string {
  const { title, content } = ticket.item;
  const text = maskText(title ? `${title}\n${content}` : content);
  return text.length <= DESCRIPTION_MAX ? text : `${text.slice(0, DESCRIPTION_MAX - 1)}…`;
}

function address(ticket: RoutedTicketV1): string | null {
  const given = ticket.item.location.addressText?.trim();
  if (given) return maskText(given);
  const { county, town, village } = ticket.decision.jurisdiction;
  const place = [county, town, village].filter((p) => !!p).join('');
  return place ? `阜阳市${place}` : null;
}

/**
 * A signed, short-lived link to the first stored image (else the first stored file): the channel's own URL may expire
 * or need its session, and a blob is never public (decision 021). Null until an attachment is stored.
 */
function mediaUrl(media: readonly { kind: string; url: string }[]): string | null {
  return (media.find((m) => m.kind === 'image') ?? media[0])?.url ?? null;
}

export function serviceRequestView(
  row: HeadRow,
  media: readonly { kind: string; url: string }[] = [],
): ServiceRequestView {
  const { ticket } = row;
  const { lat, lng, crs } = ticket.item.location;
  const point = lat !== undefined && lng !== undefined ? toWgs84(lat, lng, crs) : null;
  return {
    service_request_id: row.item_id,
    status: open311Status(row.status),
    status_notes: statusNotes(row),
    service_name: ticket.decision.lead ? (row.department_name ?? ticket.decision.lead.department) : null,
    service_code: ticket.decision.lead?.department ?? null,
    description: description(ticket),
    agency_responsible: ticket.decision.lead?.unitName ?? null,
    service_notice: serviceNotice(row),
    requested_datetime: w3cTime(row.submitted_at)!,
    updated_datetime: w3cTime(row.updated_at),
    expected_datetime: w3cTime(row.due_at),
    address: address(ticket),
    // The division code (county, town or village) is the closest thing to a master-address id we hold.
    address_id: row.village_code ?? row.town_code ?? row.county_code,
    // No channel delivers postcodes.
    zipcode: null,
    lat: point?.lat ?? null,
    long: point?.long ?? null,
    media_url: mediaUrl(media),
  };
}
