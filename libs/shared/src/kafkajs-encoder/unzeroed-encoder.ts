/*
 * kafkajs' protocol Encoder, allocating with Buffer.allocUnsafe where kafkajs uses Buffer.alloc. Every record it
 * produces gets an Encoder of 512 zero-filled bytes, grown (zero-filled again) to fit the value, and one more per
 * header; a router chunk of 500 tickets made ~3 MB of zero-filled, unpooled allocations before the batch itself grew
 * by doubling. An Encoder writes from offset 0 and only `buffer` (the bytes up to its offset) ever leaves it, so the
 * zeroes were never read. allocUnsafe takes the small ones from Node's pool.
 */
interface EncoderLike {
  buf: Buffer;
  offset: number;
}

type EncoderClass = new (initialSize?: number) => EncoderLike;

export function unzeroedEncoder(
  Original: EncoderClass & { nextPowerOfTwo(n: number): number },
): EncoderClass {
  return class UnzeroedEncoder extends Original {
    constructor(initialSize = 511) {
      // The parent's own allocation is one byte; the real buffer follows.
      super(0);
      this.buf = Buffer.allocUnsafe(Original.nextPowerOfTwo(initialSize));
    }

    ensureAvailable(length: number): void {
      if (this.offset + length > this.buf.length) {
        const grown = Buffer.allocUnsafe(Original.nextPowerOfTwo(this.offset + length));
        this.buf.copy(grown, 0, 0, this.offset);
        this.buf = grown;
      }
    }
  };
}
