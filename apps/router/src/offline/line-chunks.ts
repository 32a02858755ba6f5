import { open } from 'node:fs/promises';

/** A run of whole lines of a file, as read: UTF-8 bytes, each line ended by a newline except perhaps the file's last. */
export interface LineChunk {
  bytes: Uint8Array<ArrayBuffer>;
  /** How many non-blank lines came before this chunk: the first non-blank line here is number first + 1. */
  first: number;
  /** Non-blank lines in this chunk. */
  lines: number;
}

const NEWLINE = 0x0a;

/** Whether bytes [start, end) are a blank line: only whitespace as String.prototype.trim sees it. */
export function isBlankLine(bytes: Uint8Array, start: number, end: number): boolean {
  let ascii = true;
  for (let i = start; i < end; i += 1) {
    const b = bytes[i];
    if (b >= 0x80) ascii = false;
    else if (b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0b && b !== 0x0c) return false;
  }
  // Only other whitespace is multi-byte (U+3000, U+00A0, U+FEFF…): rare enough to decode.
  return (
    ascii ||
    Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start)
      .toString('utf8')
      .trim() === ''
  );
}

/** Non-blank lines in bytes (a final line without a newline counts). */
export function countLines(bytes: Uint8Array): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0;
  let start = 0;
  while (start < buf.length) {
    let end = buf.indexOf(NEWLINE, start);
    if (end < 0) end = buf.length;
    // Most lines open with `{`; only the rest need a look at every byte.
    if (buf[start] === 0x7b || !isBlankLine(buf, start, end)) n += 1;
    start = end + 1;
  }
  return n;
}

/**
 * A file as chunks of about `chunkBytes` that end at a newline, so a worker gets whole lines as bytes it can
 * decode itself: the main thread neither decodes, splits nor copies a line (readline and a structured clone of
 * each line were a third of a line's cost before routing began). A line longer than a chunk makes its chunk
 * longer, never cut.
 */
export async function* lineChunks(path: string, chunkBytes = 1 << 19): AsyncGenerator<LineChunk> {
  const file = await open(path, 'r');
  try {
    let carry = new Uint8Array(0);
    let first = 0;
    for (;;) {
      const buffer = new Uint8Array(carry.length + chunkBytes);
      buffer.set(carry);
      const { bytesRead } = await file.read(buffer, carry.length, chunkBytes, null);
      const filled = carry.length + bytesRead;
      const cut = bytesRead === 0 ? filled : buffer.lastIndexOf(NEWLINE, filled - 1) + 1;
      // Copied before the chunk is handed on: a worker's transfer detaches the whole buffer.
      carry = buffer.slice(cut, filled);
      if (cut > 0) {
        const bytes = buffer.subarray(0, cut);
        const lines = countLines(bytes);
        yield { bytes, first, lines };
        first += lines;
      }
      if (bytesRead === 0) return;
    }
  } finally {
    await file.close();
  }
}
