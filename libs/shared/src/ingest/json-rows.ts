/**
 * Rows as the UTF-8 bytes of one JSON array, for a `$n::json` parameter: pg sends a Buffer as a binary parameter,
 * and json's binary form is its text. Built row by row because one string for a whole page would be a large object,
 * which V8 allocates straight into the old generation, where it waits for a full collection.
 */
export function jsonRows(rows: readonly unknown[]): Buffer {
  const parts = rows.map((row) => JSON.stringify(row));
  let size = 2 + Math.max(parts.length - 1, 0);
  for (const part of parts) size += Buffer.byteLength(part);
  const out = Buffer.allocUnsafe(size);
  let at = out.write('[');
  parts.forEach((part, i) => {
    if (i > 0) at += out.write(',', at);
    at += out.write(part, at);
  });
  out.write(']', at);
  return out;
}
