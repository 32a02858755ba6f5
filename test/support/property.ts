import fc from 'fast-check';
import { checkDraft, type ItemDraft, type PulledRecord } from '../../libs/shared/src/ingest';

/** Runs per property: enough to find the edge cases, small enough to keep each spec to a few seconds. */
export const RUNS = { numRuns: 200 };

/** Strings a channel really sends at its parsers: Chinese, digits that look like phones, markup, control bytes. */
export const messyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uFEFF',
    '…',
    '...',
    '１３８００１３８０００',
    '13800138000',
    '<b>',
    '</p>',
    '&amp;',
    '&#0;',
  ),
  fc
    .array(
      fc.constantFrom(
        '阜阳',
        '颍州区',
        '投诉',
        '回复',
        '<br>',
        '\n',
        '\t',
        '2025-03-02 09:05',
        '：',
        '"',
        "'",
      ),
      {
        maxLength: 12,
      },
    )
    .map((parts) => parts.join('')),
);

/** Any JSON value, with the messy strings above in it. */
export const anyJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    messyText,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('id', 'tid', 'content', '__proto__')), tie('value'), {
      maxKeys: 6,
    }),
  ),
})).value as fc.Arbitrary<unknown>;

/** A record is either a draft that completes to a valid AppealItem v1, or a quarantine with a reason. */
export function expectItemOrQuarantine(record: PulledRecord, channel: string): void {
  expect(typeof record.externalId).toBe('string');
  expect(record.externalId.length).toBeGreaterThan(0);
  expect(typeof record.raw).toBe('string');
  if (record.draft) {
    expect(record.parseError).toBeUndefined();
    expect(itemErrors(record.draft, channel, record.externalId)).toEqual([]);
  } else {
    expect(typeof record.parseError).toBe('string');
    expect(record.parseError?.length).toBeGreaterThan(0);
  }
}

export function itemErrors(draft: ItemDraft, channel: string, externalId = 'x1'): string[] {
  return checkDraft({ id: 'c1', channel, system: channel, parserVersion: `${channel}/p` }, externalId, draft);
}
