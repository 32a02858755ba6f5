import { HttpStatus } from '@nestjs/common';
import fc from 'fast-check';
import { parse } from 'node:querystring';
import { messyText, RUNS } from '../../../../test/support/property';
import { ApiError } from '../common/api-error';
import { ZodPipe } from '../common/zod-pipe';
import { ticketListQuerySchema } from './ticket-list';

const KEYS = [
  'county',
  'town',
  'village',
  'department',
  'grade',
  'channel',
  'status',
  'receivedFrom',
  'receivedTo',
  'updatedSince',
  'cursor',
  'limit',
  'constructor',
  '__proto__',
  'county[]',
  'unknown',
];
const value = fc.oneof(
  messyText,
  fc.constantFrom(
    '341202',
    '341202001',
    '341202001001',
    'routed,accepted',
    'routed,',
    ',',
    'urgent',
    '0',
    '201',
    '1e2',
    '-1',
    '50.5',
  ),
  fc.constantFrom('2026-11-12T08:30:00+08:00', '2026-02-30T00:00:00Z', 'hotline_12345', '%E4%B8%AD', '%zz'),
  fc.integer().map(String),
);
/** Query strings as a client (or an attacker) writes them: repeated keys, odd encodings, empty values. */
const queryString = fc.oneof(
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string()), value, fc.boolean()), { maxLength: 8 })
    .map((pairs) =>
      pairs
        .map(([k, v, encoded]) => `${encodeURIComponent(k)}=${encoded ? encodeURIComponent(v) : v}`)
        .join('&'),
    ),
  fc.string(),
);

describe('GET /tickets query strings, any input', () => {
  const pipe = new ZodPipe(ticketListQuerySchema);

  it('parse to the filters, or answer 400 invalid_request with a message; never another error', () => {
    fc.assert(
      fc.property(queryString, (qs) => {
        // Express 5's default ("simple") query parser is node:querystring.
        const query = { ...parse(qs) };
        let filters;
        try {
          filters = pipe.transform(query);
        } catch (e) {
          expect(e).toBeInstanceOf(ApiError);
          expect((e as ApiError).getStatus()).toBe(HttpStatus.BAD_REQUEST);
          expect((e as ApiError).code).toBe('invalid_request');
          expect((e as ApiError).message.length).toBeGreaterThan(0);
          return;
        }
        expect(filters.limit).toBeGreaterThanOrEqual(1);
        expect(filters.limit).toBeLessThanOrEqual(200);
        for (const key of Object.keys(filters)) expect(KEYS).toContain(key);
      }),
      RUNS,
    );
  });
});
