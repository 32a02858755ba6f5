import fc from 'fast-check';
import { anyJson, expectItemOrQuarantine, messyText, RUNS } from '../../../../test/support/property';
import { toRecord } from './public-opinion.connector';

const hitLike = fc.oneof(
  anyJson,
  fc.record(
    {
      id: fc.oneof(messyText, fc.integer(), fc.stringMatching(/^[\w:.-]{1,20}$/)),
      url: fc.oneof(messyText, fc.webUrl()),
      platform: messyText,
      media_type: messyText,
      author: fc.oneof(messyText, fc.constant(null)),
      title: messyText,
      text: messyText,
      publish_time: fc.oneof(
        fc.integer(),
        messyText,
        fc.date({ noInvalidDate: true }).map((d) => d.getTime()),
      ),
      sentiment: fc.oneof(fc.constantFrom('negative', 'neutral', 'positive'), messyText),
      hotness: fc.oneof(fc.integer({ min: -5, max: 105 }), fc.double(), messyText),
      keywords: fc.oneof(fc.array(messyText, { maxLength: 4 }), fc.constant(null)),
    },
    { requiredKeys: [] },
  ),
);

describe('public_opinion hits, any JSON', () => {
  it('each is a valid item or a quarantine with a reason, never an exception; siblings unaffected', () => {
    fc.assert(
      fc.property(fc.array(hitLike, { minLength: 1, maxLength: 6 }), (page) => {
        const out = page.map((h) => toRecord(h, { riskHotness: 80 }));
        expect(out).toHaveLength(page.length);
        for (const [i, r] of out.entries()) {
          expectItemOrQuarantine(r, 'public_opinion');
          expect(toRecord(page[i], { riskHotness: 80 })).toEqual(r);
        }
      }),
      RUNS,
    );
  });
});
