import { decodeOffsetFetchV7, encodeOffsetFetchV7 } from './offset-fetch-v7';

const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return [...b];
};
const int64 = (n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(n);
  return [...b];
};

describe('OffsetFetch v7 codec', () => {
  it('writes the header tag buffer, compact strings and arrays, and require_stable', () => {
    const body = encodeOffsetFetchV7('g', [{ topic: 't', partitions: [0, 3] }], true);
    expect([...body]).toEqual([
      0x00, // request header v2's tag buffer
      0x02,
      0x67, // group 'g'
      0x02, // one topic
      0x02,
      0x74, // 't'
      0x03, // two partitions
      ...int32(0),
      ...int32(3),
      0x00, // topic tags
      0x01, // require_stable
      0x00, // request tags
    ]);
  });

  it('writes lengths of 128 and more as multi-byte varints', () => {
    const body = encodeOffsetFetchV7('g'.repeat(200), [], false);
    expect([...body.subarray(0, 3)]).toEqual([0x00, 0xc9, 0x01]); // 201 = 0x49 | 0x80, 0x01
    expect([...body.subarray(203)]).toEqual([0x01, 0x00, 0x00]); // no topics, not stable, no tags
  });

  const response = [
    0x01, // response header: one tagged field, skipped
    0x00,
    0x02,
    0xaa,
    0xbb,
    ...int32(0), // throttle
    0x02, // one topic
    0x02,
    0x74,
    0x03, // two partitions
    ...int32(0),
    ...int64(5n),
    ...int32(-1),
    0x01, // metadata ''
    0x00,
    0x00, // no error
    0x00,
    ...int32(3),
    ...int64(-1n),
    ...int32(-1),
    0x00, // metadata null
    0x00,
    0x58, // UNSTABLE_OFFSET_COMMIT
    0x00,
    0x00, // topic tags
    0x00,
    0x00, // top-level error
    0x00,
  ];

  it('reads offsets and error codes per partition past tagged fields', () => {
    expect(decodeOffsetFetchV7(Buffer.from(response))).toEqual({
      errorCode: 0,
      topics: [
        {
          topic: 't',
          partitions: [
            { partition: 0, offset: 5n, errorCode: 0 },
            { partition: 3, offset: -1n, errorCode: 88 },
          ],
        },
      ],
    });
  });

  it('refuses a response that ends early', () => {
    expect(() => decodeOffsetFetchV7(Buffer.from(response.slice(0, 30)))).toThrow(/ends early/);
  });
});
