const encoder = new TextEncoder();

/**
 * Output lines encoded to UTF-8 as they are routed, into one buffer a worker can transfer: the main thread then
 * writes bytes it neither copies, flattens nor encodes (a concatenated batch string cost the worker a flatten and
 * the main thread the encoding, ~10 % of a line's time, on the thread that only does I/O).
 */
export class Utf8Batch {
  private bytes: Uint8Array<ArrayBuffer>;
  private length = 0;

  constructor(expectedBytes = 1 << 16) {
    this.bytes = new Uint8Array(Math.max(16, expectedBytes));
  }

  append(text: string): void {
    const { read, written } = encoder.encodeInto(text, this.bytes.subarray(this.length));
    this.length += written;
    if (read === text.length) return;
    // Out of room: encodeInto stops at a character boundary, and a UTF-16 code unit never takes more than three
    // bytes, so this much more room always takes the rest. Growing only then keeps a buffer sized for the output
    // from doubling near its end for a worst case that Chinese text never reaches.
    const rest = text.slice(read);
    this.grow(this.length + rest.length * 3);
    this.length += encoder.encodeInto(rest, this.bytes.subarray(this.length)).written;
  }

  /** The bytes so far, sharing the buffer (transfer `.buffer` or copy before appending again). */
  take(): Uint8Array<ArrayBuffer> {
    return this.bytes.subarray(0, this.length);
  }

  private grow(needed: number): void {
    let size = this.bytes.length * 2;
    while (size < needed) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }
}
