import fc from 'fast-check';
import { anyJson, itemErrors, messyText, RUNS } from '../../../../test/support/property';
import { parsePushBody, toDraft } from './push-body.schema';

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

/** Bodies a pushing channel might send: mostly the right shape, with any values, plus any JSON at all. */
const bodyLike = fc.oneof(
  anyJson,
  fc.record(
    {
      externalId: fc.oneof(messyText, fc.stringMatching(/^[A-Za-z0-9-]{1,30}$/), fc.integer()),
      title: maybe(messyText),
      content: fc.oneof(messyText, fc.string({ minLength: 1, maxLength: 300 })),
      appealType: maybe(
        fc.oneof(fc.constantFrom('complaint', 'help', 'consult', 'suggestion', 'report'), messyText),
      ),
      submittedAt: maybe(
        fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          fc.constantFrom('2026-11-12T08:30:00+08:00', '+275760-09-13T00:00:00Z', '2026-02-30T00:00:00Z'),
          messyText,
        ),
      ),
      address: maybe(messyText),
      phone: maybe(fc.oneof(fc.stringMatching(/^(\+86)?1[3-9]\d{9}$/), messyText)),
      name: maybe(messyText),
      attachments: maybe(
        fc.array(
          fc.record({
            url: fc.oneof(fc.webUrl(), messyText, fc.constantFrom('javascript:alert(1)', 'data:,x')),
            kind: fc.oneof(fc.constantFrom('image', 'video', 'audio', 'document', 'other'), messyText),
          }),
          { maxLength: 3 },
        ),
      ),
      extra: maybe(fc.dictionary(fc.string(), anyJson, { maxKeys: 3 })),
    },
    { requiredKeys: [] },
  ),
);

describe('push intake bodies, any JSON', () => {
  it('a body is refused field by field, or becomes a valid item; parsing never throws', () => {
    fc.assert(
      fc.property(bodyLike, (input) => {
        const parsed = parsePushBody(input);
        if (!parsed.ok) {
          expect(parsed.errors.length).toBeGreaterThan(0);
          for (const e of parsed.errors) {
            expect(e.field.length).toBeGreaterThan(0);
            expect(e.message.length).toBeGreaterThan(0);
          }
          return;
        }
        const draft = toDraft(
          parsed.value,
          parsed.value.submittedAt ?? '2026-11-12T08:30:00+08:00',
          'property-key',
        );
        expect(itemErrors(draft, 'miniapp', parsed.value.externalId)).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe('push intake rating (好差评)', () => {
  it('carries a known rating into the item as its upstream satisfaction, and refuses an unknown one', () => {
    const body = { externalId: 'r-1', content: '路灯坏了', rating: { value: '不满意', comment: '还没修' } };
    const parsed = parsePushBody(body);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const draft = toDraft(parsed.value, '2026-11-12T08:30:00+08:00', 'property-key');
    expect(draft.upstream).toEqual({ satisfaction: 'dissatisfied', satisfactionComment: '还没修' });
    expect(itemErrors(draft, 'miniapp', 'r-1')).toEqual([]);
    const bad = parsePushBody({ ...body, rating: { value: '一般' } });
    expect(bad.ok ? [] : bad.errors.map((e) => e.field)).toEqual(['rating.value']);
  });
});
