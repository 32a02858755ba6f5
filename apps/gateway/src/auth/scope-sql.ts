import { type Principal } from './principal';

/**
 * The caller's scope as a WHERE fragment over ticket_heads (alias `h`): every query that returns tickets ANDs this in,
 * so a county key cannot reach another county's ticket by any path. Parameters are numbered from `first`.
 */
export function scopeFilter(p: Principal, first: number): { sql: string; params: unknown[] } {
  return {
    sql: `($${first}::text[] IS NULL OR h.county_code = ANY($${first}::text[])) AND ($${first + 1}::text[] IS NULL OR h.departments && $${first + 1}::text[])`,
    params: [p.counties ?? null, p.departments ?? null],
  };
}
