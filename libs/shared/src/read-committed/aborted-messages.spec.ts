import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { filterAbortedMessages, type FetchedMessage } from './aborted-messages';

const ABORT = Buffer.from([0, 0, 0, 0]);
const COMMIT = Buffer.from([0, 0, 0, 1]);
const data = (offset: number, producerId: string): FetchedMessage => ({
  offset: String(offset),
  key: Buffer.from(`k${offset}`),
  batchContext: { producerId, inTransaction: true },
});
const marker = (offset: number, producerId: string, key: Buffer): FetchedMessage => ({
  offset: String(offset),
  key,
  isControlRecord: true,
  batchContext: { producerId, inTransaction: true },
});

/*
 * One output partition as the router writes it when a replica dies: producers 7 and 8 (two input partitions) each
 * had a transaction open, interleaved; both are aborted by the partitions' new owners, 8's first. Producer 9's
 * transaction committed. The broker lists aborted transactions in the order they ended.
 */
const partition = [
  data(10, '7'),
  data(11, '8'),
  data(12, '9'),
  data(13, '7'),
  data(14, '8'),
  marker(15, '9', COMMIT),
  marker(16, '8', ABORT),
  marker(17, '7', ABORT),
  data(18, '7'),
  marker(19, '7', COMMIT),
];
const aborted = [
  { producerId: '8', firstOffset: '11' },
  { producerId: '7', firstOffset: '10' },
];
const visible = (ms: FetchedMessage[]) => ms.filter((m) => !m.isControlRecord).map((m) => Number(m.offset));

describe('read_committed: messages of aborted transactions', () => {
  it('keeps only committed and non-transactional data, whatever order the broker lists aborted transactions in', () => {
    expect(visible(filterAbortedMessages({ messages: partition, abortedTransactions: aborted }))).toEqual([
      12, 18,
    ]);
  });

  it('also when the fetch starts inside both aborted transactions', () => {
    const fromThirteen = partition.filter((m) => Number(m.offset) >= 13);
    expect(visible(filterAbortedMessages({ messages: fromThirteen, abortedTransactions: aborted }))).toEqual([
      18,
    ]);
  });

  it("is what kafkajs' consumer uses: its own filter lets aborted records through here", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const original = require('kafkajs/src/consumer/filterAbortedMessages') as typeof filterAbortedMessages;
    expect(visible(original({ messages: partition, abortedTransactions: aborted }))).not.toEqual([12, 18]);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Batch = require('kafkajs/src/consumer/batch') as new (
      topic: string,
      fetchedOffset: string,
      data: object,
    ) => { messages: FetchedMessage[] };
    const batch = new Batch('t', '10', { partition: 0, messages: partition, abortedTransactions: aborted });
    expect(visible(batch.messages)).toEqual([12, 18]);
  });

  it('is installed in a Node process by @minsheng/shared/read-committed, before kafkajs loads', () => {
    const script = `
      require(${JSON.stringify(join(__dirname, '..', '..', '..', '..', 'dist', 'libs', 'shared', 'src', 'read-committed', 'index.js'))});
      const Batch = require('kafkajs/src/consumer/batch');
      const messages = ${JSON.stringify(partition)}.map((m) => ({ ...m, key: Buffer.from(m.key.data) }));
      const b = new Batch('t', '10', { partition: 0, abortedTransactions: ${JSON.stringify(aborted)}, messages });
      process.stdout.write(JSON.stringify(b.messages.map((m) => Number(m.offset))));`;
    // With Jest's own variables in the environment, as an app started by an e2e test has them.
    const out = execFileSync(process.execPath, ['-e', script], {
      env: { ...process.env, JEST_WORKER_ID: '1' },
      cwd: join(__dirname, '..', '..', '..', '..'),
    }).toString();
    expect(JSON.parse(out)).toEqual([12, 18]);
  });
});
