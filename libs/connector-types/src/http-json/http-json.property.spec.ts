import fc from 'fast-check';
import {
  miniappConfig,
  newMediaConfig,
  supervisionConfig,
} from '../../../../test/simulator/http-json/http-json-configs';
import { anyJson, expectItemOrQuarantine, messyText, RUNS } from '../../../../test/support/property';
import { httpJsonConfigSchema } from './http-json.config';
import { toRecord } from './http-json.mapper';

const endpoint = () => 'http://127.0.0.1:9/x';
const CONFIGS = [supervisionConfig, newMediaConfig, miniappConfig].map((c) =>
  httpJsonConfigSchema.parse(c(endpoint)),
);

/** Values a field of an upstream JSON record may hold: right, wrong type, empty, or something else entirely. */
const fieldValue = fc.oneof(
  messyText,
  fc.integer(),
  fc.constantFrom(
    null,
    true,
    '2025-03-02 09:05:07',
    '2025-03-02T09:05:07+08:00',
    '1740877507000',
    '341202',
    '投诉',
  ),
  fc.date({ noInvalidDate: true }).map((d) => d.getTime()),
  anyJson,
);

/** Records with the keys the three sources' mappings read (nested ones too), each with any value. */
const recordLike = fc.oneof(
  anyJson,
  fc.dictionary(
    fc.constantFrom(
      'caseNo',
      'caseTitle',
      'problemDesc',
      'reportTime',
      'problemType',
      'involvedArea',
      'areaCode',
      'reporter',
      'handlingStatus',
      'replyContent',
      'id',
      'comment_id',
      'content',
      'text',
      'created_ms',
      'title',
      'phone',
      'name',
      'type',
    ),
    fc.oneof(fieldValue, fc.record({ name: fieldValue, phone: fieldValue }, { requiredKeys: [] })),
    { minKeys: 1, maxKeys: 12 },
  ),
);

describe('http_json mappings, any upstream record', () => {
  it.each(CONFIGS.map((c) => [c.channel, c] as const))(
    '%s: a valid item or a quarantine with a reason, never an exception; siblings unaffected',
    (_channel, config) => {
      fc.assert(
        fc.property(fc.array(recordLike, { minLength: 1, maxLength: 6 }), (page) => {
          const out = page.map((r) => toRecord(r, config, 'property-pii-key'));
          expect(out).toHaveLength(page.length);
          for (const [i, record] of out.entries()) {
            expectItemOrQuarantine(record, config.channel);
            // A record's outcome is its own: mapped alone, it comes out the same.
            expect(toRecord(page[i], config, 'property-pii-key')).toEqual(record);
          }
        }),
        RUNS,
      );
    },
  );
});
