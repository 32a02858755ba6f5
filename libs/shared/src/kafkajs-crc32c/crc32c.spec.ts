import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { crc32c } from './crc32c';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const kafkajsCrc32c = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C') as (b: Buffer) => number;

describe('crc32c (slicing by eight)', () => {
  it('gives the standard check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
  });

  it("agrees with kafkajs' own on every length around the eight-byte stride and on a record batch's size", () => {
    const bytes = randomBytes(1 << 20);
    for (const length of [1, 7, 8, 9, 15, 16, 17, 63, 1000, 4093, 1 << 20]) {
      const slice = bytes.subarray(bytes.length - length);
      expect(crc32c(slice)).toBe(kafkajsCrc32c(slice));
    }
  });

  it('replaces kafkajs’ checksum in a Node process that imports @minsheng/shared/read-committed first', () => {
    const root = join(__dirname, '..', '..', '..', '..');
    const script = `
      require(${JSON.stringify(join(root, 'dist', 'libs', 'shared', 'src', 'read-committed', 'index.js'))});
      const checksum = require('kafkajs/src/protocol/recordBatch/crc32C');
      const own = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C');
      process.stdout.write(JSON.stringify([own.name, checksum(Buffer.from('123456789'))]));`;
    const out = execFileSync(process.execPath, ['-e', script], { cwd: root }).toString();
    expect(JSON.parse(out)).toEqual(['crc32c', 0xe3069283]);
  });
});
