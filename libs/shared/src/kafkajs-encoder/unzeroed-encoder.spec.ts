import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { unzeroedEncoder } from './unzeroed-encoder';

/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs' protocol internals ship without types */
const Original = require('kafkajs/src/protocol/encoder') as Parameters<typeof unzeroedEncoder>[0];
/* eslint-enable @typescript-eslint/no-require-imports */

interface Writes {
  writeInt8(v: number): Writes;
  writeInt32(v: number): Writes;
  writeInt64(v: number): Writes;
  writeVarInt(v: number): Writes;
  writeVarIntBytes(v: Buffer | string | null): Writes;
  writeBytes(v: Buffer | string): Writes;
  writeArray(a: unknown[]): Writes;
  buffer: Buffer;
  size(): number;
}

/** What a record of kafkajs' produce path writes, around a value larger than the initial 512 bytes. */
function encode(E: new (n?: number) => unknown, value: Buffer): Buffer {
  const record = (i: number) =>
    (new E() as Writes)
      .writeVarInt(value.length + 20)
      .writeInt8(0)
      .writeVarInt(i)
      .writeVarIntBytes(`key-${i}`)
      .writeVarIntBytes(value)
      .writeVarIntBytes(null);
  const body = (new E() as Writes).writeInt64(Date.now()).writeArray([record(0), record(1), record(2)]);
  return (new E() as Writes).writeInt32(7).writeBytes(body.buffer).buffer;
}

describe('unzeroedEncoder', () => {
  const Unzeroed = unzeroedEncoder(Original);

  it('writes the same bytes as kafkajs’ Encoder, whatever the pool held before', () => {
    // Dirty Node's pool, so that a byte the encoder failed to write would show.
    for (let i = 0; i < 64; i++) Buffer.allocUnsafe(100).fill(0xa5);
    const value = Buffer.from('市民反映小区路灯不亮，请尽快处理。'.repeat(200));
    const now = Date.now;
    Date.now = () => 1_700_000_000_000;
    try {
      const mine = encode(Unzeroed, value);
      expect(mine.equals(encode(Original as unknown as new () => unknown, value))).toBe(true);
      expect(mine.length).toBeGreaterThan(3 * value.length);
    } finally {
      Date.now = now;
    }
  });

  it('is what kafkajs encodes with in a Node process that imports @minsheng/shared/read-committed first', () => {
    const root = join(__dirname, '..', '..', '..', '..');
    const script = `
      require(${JSON.stringify(join(root, 'dist', 'libs', 'shared', 'src', 'read-committed', 'index.js'))});
      const Record = require('kafkajs/src/protocol/recordBatch/record/v0');
      const record = Record({ key: Buffer.from('k'), value: Buffer.from('v') });
      process.stdout.write(JSON.stringify([record.constructor.name, record.buffer.toString('hex')]));`;
    const out = execFileSync(process.execPath, ['-e', script], { cwd: root }).toString();
    // zigzag varints: length 8, attributes, timestamp and offset deltas 0, key 'k', value 'v', no headers
    expect(JSON.parse(out)).toEqual(['UnzeroedEncoder', '10' + '00' + '00' + '00' + '026b' + '0276' + '00']);
  });
});
