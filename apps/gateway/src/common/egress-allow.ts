import { HttpStatus } from '@nestjs/common';
import { z } from 'zod';
import { allowlistProblems, normalHost } from '@minsheng/connector-sdk/egress';
import { ApiError, type FieldError } from './api-error';
import { view } from './api-views';

/**
 * An admin's egress allowlist for one target (a connector instance or a webhook, decision 022): the one body both
 * `PUT …/egress-allow` routes take. It replaces the list; `[]` takes every exception away.
 */
export const egressAllowSchema = z.strictObject({
  allow: z
    .array(z.string().trim().min(1).max(255))
    .max(20)
    .describe(
      'host names (e.g. ys.gov.example, exact, no wildcards) or CIDRs of either family (e.g. 10.20.0.0/16, ' +
        'fd00:12::/32), none wider than /8 (IPv4) or /7 (IPv6); replaces the list',
    ),
});
export type EgressAllow = z.infer<typeof egressAllowSchema>;

export const egressAllowView = view(
  'EgressAllowlist',
  z.object({
    id: z.string().describe('the connector instance or webhook'),
    egressAllow: z
      .array(z.string())
      .describe('hosts or CIDRs an admin lets this target reach although they are not public (decision 022)'),
  }),
);

/**
 * The list as stored: each entry checked (400 `invalid_allowlist` naming every bad one), host names in the form the
 * policy compares (lower case, no brackets or trailing dot), duplicates dropped, order kept.
 */
export function normalAllowlist(allow: readonly string[]): string[] {
  const problems = allowlistProblems(allow);
  if (problems.length) {
    const errors: FieldError[] = problems.map((p) => {
      const [, index, message] = /^\[(\d+)\]: (.*)$/.exec(p) ?? [];
      return { field: `allow.${index}`, message };
    });
    throw new ApiError(
      'invalid_allowlist',
      errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      HttpStatus.BAD_REQUEST,
      { errors },
    );
  }
  return [...new Set(allow.map((a) => (a.includes('/') ? a.trim().toLowerCase() : normalHost(a.trim()))))];
}
