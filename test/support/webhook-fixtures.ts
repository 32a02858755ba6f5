import { type AppealItemV1, type RoutedTicketV1 } from '../../libs/shared/src/contracts';
import { sampleItem } from '../fixtures/appeal-item';
import { bearer } from './api-keys';

export const YINGSHANG = '341226';
export const LINQUAN = '341221';

/** What a webhook receiver gets: the fields every event carries, and the feedback for status events. */
export interface HookBody {
  event: string;
  eventId: string;
  deliveryId: string;
  subscriptionId: string;
  feedback?: { eventId: string; kind: string; department: string; reason?: string; at: string };
  ticket: RoutedTicketV1;
}

/** An appeal placed in a county by its address text, with a distinct id per letter so specs do not collide. */
export function countyItem(letter: string, traceTag: string, place: string, content: string): AppealItemV1 {
  return sampleItem({
    id: `ap_${letter.repeat(32)}`,
    traceId: `trace-${traceTag}-${letter}`,
    content,
    location: { addressText: `阜阳市${place}`, precision: 'address', origin: 'citizen' },
  });
}

export const YINGSHANG_STREETLIGHT = [
  '颍上县慎城镇幸福路',
  '颍上县慎城镇幸福路的路灯坏了一个多月，晚上出行很不安全。',
] as const;
export const LINQUAN_STALLS = [
  '临泉县城关街道人民路',
  '临泉县城关街道人民路有人占道经营，早晚堵得车都过不去。',
] as const;

/** A JSON call to the gateway with a key; every response text is passed to `seen` (secret-leak checks read them). */
export function gatewayCaller(base: () => string, seen?: (text: string) => void) {
  return async (method: string, path: string, key: string, body?: unknown) => {
    const res = await fetch(`${base()}${path}`, {
      method,
      headers: bearer(key, { 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    seen?.(text);
    return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
  };
}

/** A clear mainland mobile number standing alone: random hex ids (delivery ids) may hold 11 such digits inside them. */
export const CLEAR_PHONE = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/;
