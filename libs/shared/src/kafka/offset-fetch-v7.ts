/**
 * OffsetFetch version 7 (KIP-447's `require_stable`), which kafkajs 2.2.4 cannot send: it stops at version 4. Version
 * 6 and later are "flexible" versions (compact strings and arrays, tagged fields), and so use request header v2 and
 * response header v1. kafkajs writes header v1 itself; header v2 is header v1 followed by an empty tag buffer, so the
 * body written here starts with that byte, and the response body read here starts by skipping the response
 * header's tag buffer.
 */
export const OFFSET_FETCH_API_KEY = 9;
export const OFFSET_FETCH_STABLE_VERSION = 7;

export interface OffsetFetchTopic {
  topic: string;
  partitions: number[];
}

export interface FetchedPartitionOffset {
  partition: number;
  /** -1 when the group has no offset for the partition. */
  offset: bigint;
  errorCode: number;
}

export interface OffsetFetchV7Response {
  errorCode: number;
  topics: { topic: string; partitions: FetchedPartitionOffset[] }[];
}

class Writer {
  private readonly parts: Buffer[] = [];

  uvarint(value: number): this {
    const bytes: number[] = [];
    let v = value >>> 0;
    while (v >= 0x80) {
      bytes.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    bytes.push(v);
    this.parts.push(Buffer.from(bytes));
    return this;
  }

  int32(value: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(value);
    this.parts.push(b);
    return this;
  }

  bool(value: boolean): this {
    this.parts.push(Buffer.from([value ? 1 : 0]));
    return this;
  }

  compactString(value: string): this {
    const bytes = Buffer.from(value, 'utf8');
    this.uvarint(bytes.length + 1);
    this.parts.push(bytes);
    return this;
  }

  /** An empty tag buffer: no tagged fields. */
  tags(): this {
    return this.uvarint(0);
  }

  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}

  uvarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.need(1).readUInt8(this.at++);
      value |= (byte & 0x7f) << shift;
      if (byte < 0x80) return value >>> 0;
    }
    throw new Error('OffsetFetch v7: malformed varint');
  }

  int16(): number {
    const v = this.need(2).readInt16BE(this.at);
    this.at += 2;
    return v;
  }

  int32(): number {
    const v = this.need(4).readInt32BE(this.at);
    this.at += 4;
    return v;
  }

  int64(): bigint {
    const v = this.need(8).readBigInt64BE(this.at);
    this.at += 8;
    return v;
  }

  compactNullableString(): string | null {
    const n = this.uvarint();
    if (n === 0) return null;
    const s = this.need(n - 1).toString('utf8', this.at, this.at + n - 1);
    this.at += n - 1;
    return s;
  }

  compactArray<T>(item: (r: Reader) => T): T[] {
    const n = this.uvarint();
    const out: T[] = [];
    for (let i = 1; i < n; i++) out.push(item(this));
    return out;
  }

  /** Tagged fields are optional extensions; none is needed here, so each is skipped by its declared size. */
  skipTags(): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint();
      const size = this.uvarint();
      this.need(size);
      this.at += size;
    }
  }

  private need(n: number): Buffer {
    if (this.at + n > this.buf.length) throw new Error('OffsetFetch v7: response ends early');
    return this.buf;
  }
}

/** The request body, from the request header's tag buffer on. */
export function encodeOffsetFetchV7(
  groupId: string,
  topics: OffsetFetchTopic[],
  requireStable: boolean,
): Buffer {
  const w = new Writer().tags().compactString(groupId);
  w.uvarint(topics.length + 1);
  for (const t of topics) {
    w.compactString(t.topic).uvarint(t.partitions.length + 1);
    for (const p of t.partitions) w.int32(p);
    w.tags();
  }
  return w.bool(requireStable).tags().bytes();
}

/** The response body, from the response header's tag buffer on (what follows the correlation id). */
export function decodeOffsetFetchV7(payload: Buffer): OffsetFetchV7Response {
  const r = new Reader(payload);
  r.skipTags();
  r.int32(); // throttle_time_ms
  const topics = r.compactArray((t) => {
    const topic = t.compactNullableString() ?? '';
    const partitions = t.compactArray((p) => {
      const partition = p.int32();
      const offset = p.int64();
      p.int32(); // committed_leader_epoch
      p.compactNullableString(); // metadata
      const errorCode = p.int16();
      p.skipTags();
      return { partition, offset, errorCode };
    });
    t.skipTags();
    return { topic, partitions };
  });
  const errorCode = r.int16();
  r.skipTags();
  return { errorCode, topics };
}
