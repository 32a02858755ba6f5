import { type LearnedRoutingContext } from '@minsheng/routing/learned';
import { isBlankLine } from './line-chunks';
import { routeLine } from './route-line';
import { Utf8Batch } from './utf8-batch';

/** Bytes per routed line to start a chunk's output with (a ticket line is 2–3 kB); it grows if need be. */
const OUTPUT_PER_INPUT_BYTE = 3;
const NEWLINE = 0x0a;
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * One chunk of whole input lines (UTF-8) to its output lines (UTF-8), in order; blank lines are skipped and the
 * non-blank ones numbered from first + 1, as they would be read one by one. A trailing CR is dropped with the
 * newline (CRLF files).
 */
export function routeChunk(
  bytes: Uint8Array,
  first: number,
  ctx: LearnedRoutingContext,
  now: Date,
): Uint8Array<ArrayBuffer> {
  const out = new Utf8Batch(bytes.length * OUTPUT_PER_INPUT_BYTE);
  let n = first;
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(NEWLINE, start);
    if (end < 0) end = bytes.length;
    const stop = end > start && bytes[end - 1] === 0x0d ? end - 1 : end;
    if (bytes[start] === 0x7b || !isBlankLine(bytes, start, stop)) {
      n += 1;
      out.append(routeLine(decoder.decode(bytes.subarray(start, stop)), n, ctx, now));
    }
    start = end + 1;
  }
  return out.take();
}
