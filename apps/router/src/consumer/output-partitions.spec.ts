import { Partitioners, type PartitionMetadata, type RecordMetadata } from 'kafkajs';
import {
  assertSendComplete,
  IncompleteSendError,
  keyPartition,
  OutputPartitionCounts,
  sendResultProblems,
} from './output-partitions';

const ack = (topicName: string, partition: number, errorCode = 0): RecordMetadata => ({
  topicName,
  partition,
  errorCode,
  baseOffset: '0',
});

describe('keyPartition', () => {
  it('gives each key the partition kafkajs would, whichever partitions have a leader', () => {
    // kafkajs' producer partitions by key over all partitions, not only those with a live leader.
    const metadata: PartitionMetadata[] = Array.from({ length: 6 }, (_, partitionId) => ({
      partitionErrorCode: 0,
      partitionId,
      leader: partitionId === 2 ? -1 : 1,
      replicas: [1],
      isr: [1],
    }));
    const kafkajs = Partitioners.DefaultPartitioner();
    const used = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const key = `item-${i}`;
      const p = keyPartition('t', key, 6);
      used.add(p);
      expect(p).toBe(kafkajs({ topic: 't', partitionMetadata: metadata, message: { key, value: null } }));
    }
    expect([...used].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('refuses a topic without partitions', () => {
    expect(() => keyPartition('t', 'k', 0)).toThrow(/no partitions/);
  });
});

describe('send result check', () => {
  const targeted = ['routed:0', 'routed:3', 'triage:1'];

  it('accepts one clean acknowledgement per targeted partition', () => {
    expect(sendResultProblems(targeted, [ack('triage', 1), ack('routed', 3), ack('routed', 0)])).toEqual([]);
    expect(() =>
      assertSendComplete(targeted, [ack('routed', 0), ack('routed', 3), ack('triage', 1)]),
    ).not.toThrow();
  });

  it('throws when a targeted partition is missing from what send resolved with (kafkajs dropped it)', () => {
    const dropped = [ack('routed', 0), ack('triage', 1)];
    expect(() => assertSendComplete(targeted, dropped)).toThrow(IncompleteSendError);
    expect(sendResultProblems(targeted, dropped)).toEqual(['routed:3 missing']);
  });

  it('throws on an error code, a repeated or an untargeted partition', () => {
    expect(sendResultProblems(targeted, [ack('routed', 0), ack('routed', 3, 6), ack('triage', 1)])).toEqual([
      'routed:3 error 6',
    ]);
    expect(
      sendResultProblems(targeted, [ack('routed', 0), ack('routed', 3), ack('routed', 3), ack('triage', 1)]),
    ).toEqual(['routed:3 acknowledged 2 times']);
    expect(
      sendResultProblems(targeted, [ack('routed', 0), ack('routed', 3), ack('triage', 1), ack('triage', 2)]),
    ).toEqual(['triage:2 not targeted']);
  });
});

describe('OutputPartitionCounts', () => {
  it('reads the counts once, again when stale, after invalidate and after a failed read', async () => {
    let now = 0;
    let calls = 0;
    let fail = false;
    const fetch = (topics: string[]) => {
      calls++;
      return fail
        ? Promise.reject(new Error('no broker'))
        : Promise.resolve(new Map(topics.map((t) => [t, calls])));
    };
    const counts = new OutputPartitionCounts(fetch, ['routed'], 1000, () => now);
    expect((await counts.get()).get('routed')).toBe(1);
    expect((await counts.get()).get('routed')).toBe(1);
    now = 1500;
    expect((await counts.get()).get('routed')).toBe(2);
    counts.invalidate();
    fail = true;
    await expect(counts.get()).rejects.toThrow('no broker');
    fail = false;
    expect((await counts.get()).get('routed')).toBe(4);
    expect(calls).toBe(4);
  });
});
