const NUL = '\u0000';
/** U+FFFD REPLACEMENT CHARACTER: shows where the upstream sent a character we could not keep. */
const REPLACEMENT = '\uFFFD';

/**
 * `value` with every U+0000 in its strings (and object keys) replaced by U+FFFD. PostgreSQL text cannot hold a NUL
 * and jsonb refuses the `\u0000` escape, so one such character from an upstream (a C string's terminator in an export
 * field, a binary scrap in a page) would fail the whole page's transaction. Returns `value` itself when it has none,
 * so the common case allocates nothing.
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string')
    return (value.includes(NUL) ? value.replaceAll(NUL, REPLACEMENT) : value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v: unknown) => {
      const clean = withoutNul(v);
      changed ||= clean !== v;
      return clean;
    });
    return (changed ? out : value) as T;
  }
  if (value !== null && typeof value === 'object') {
    let changed = false;
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]): [string, unknown] => {
      const ck = withoutNul(k);
      const cv = withoutNul(v);
      changed ||= ck !== k || cv !== v;
      return [ck, cv];
    });
    return (changed ? Object.fromEntries(entries) : value) as T;
  }
  return value;
}
