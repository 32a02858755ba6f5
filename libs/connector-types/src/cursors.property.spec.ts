import fc from 'fast-check';
import { ConnectorError, readCursor } from '@minsheng/connector-sdk';
import { anyJson, RUNS } from '../../../test/support/property';
import { ConnectorDefinitions } from './connector-registry';

const tid = fc.integer({ min: -2, max: 2 ** 40 });
/** Cursors shaped like the types' own, often valid, sometimes off by one field. */
const cursorLike = fc.oneof(
  fc.dictionary(
    fc.oneof(fc.integer({ min: 1, max: 9999 }).map(String), fc.string()),
    fc.record(
      {
        newestTid: tid,
        gap: fc.record({ below: tid, downTo: tid }),
        details: fc.array(fc.tuple(tid, fc.oneof(fc.stringMatching(/^[0-9a-f]{16}$/), fc.string()))),
        retry: fc.array(fc.tuple(tid, fc.integer({ min: -1, max: 7 }))),
      },
      { requiredKeys: [] },
    ),
  ),
  fc.record({ letters: fc.array(fc.tuple(fc.string(), fc.string())) }, { requiredKeys: [] }),
  fc.record(
    {
      since: fc.oneof(
        fc.string(),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      ),
      page: fc.integer(),
      cursor: fc.string(),
    },
    { requiredKeys: [] },
  ),
);

describe.each(new ConnectorDefinitions().all().map((d) => [d.type, d] as const))(
  'a stored %s cursor, whatever it holds',
  (_type, definition) => {
    it('is read as the schema parses it, or fails the run as malformed naming the cursor: no other error', () => {
      fc.assert(
        fc.property(fc.oneof(anyJson, cursorLike, fc.constantFrom(undefined, null)), (stored) => {
          let read: unknown;
          try {
            read = readCursor(definition, stored);
          } catch (e) {
            expect(e).toBeInstanceOf(ConnectorError);
            expect(e).toMatchObject({
              kind: 'malformed',
              message: expect.stringContaining('cursor') as unknown,
            });
            return;
          }
          if (stored === null || stored === undefined) expect(read).toBeNull();
          else expect(definition.cursorSchema.safeParse(read).success).toBe(true);
        }),
        RUNS,
      );
    });
  },
);
