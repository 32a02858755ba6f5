/**
 * Masks personal data inside free text before it reaches a log line.
 * ID numbers first: an 18-character ID card number contains digit runs a phone pattern would also match.
 */
const ID_CARD = /(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?\d{4}[\s-]?(\d{4})(?!\d)/g;
const LANDLINE = /(?<!\d)(0\d{2,3})[\s-]?\d{3,4}(\d{4})(?!\d)/g;

export function maskText(text: string): string {
  return text.replace(ID_CARD, '$1********$2').replace(MOBILE, '$1****$2').replace(LANDLINE, '$1-****$2');
}

/** Deep copy with every string masked; logs get structured objects as often as messages. */
export function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return {
      type: value.name,
      message: maskText(value.message),
      stack: value.stack ? maskText(value.stack) : undefined,
    };
  }
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = maskDeep(v, depth + 1);
  return out;
}
