import { randomBytes } from 'node:crypto';
import { type Consumer, type Kafka } from 'kafkajs';

/** A read_committed reader recording when each key came out (broker record timestamps, ms). */
export class OutputWatch {
  readonly times = new Map<string, number>();
  /** Every output record, repeats included: more than times.size means something was published twice. */
  count = 0;
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: string[],
  ) {}

  async start(): Promise<void> {
    this.consumer = this.kafka.consumer({
      groupId: `bench-watch-${randomBytes(4).toString('hex')}`,
      readUncommitted: false,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await this.consumer.run({
      partitionsConsumedConcurrently: 6,
      eachMessage: ({ message }) => {
        const key = message.key?.toString('utf8') ?? '';
        this.count++;
        if (!this.times.has(key)) this.times.set(key, Number(message.timestamp));
        return Promise.resolve();
      },
    });
  }

  /** Messages per second between the first and the last output record. */
  rate(): number {
    const ts = [...this.times.values()];
    const span = (Math.max(...ts) - Math.min(...ts)) / 1000;
    return ts.length / Math.max(span, 0.001);
  }

  async waitFor(count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.times.size < count) {
      if (Date.now() > deadline)
        throw new Error(`only ${this.times.size} of ${count} outputs after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/**
 * How many of `times` (ms) fall in each whole second after the earliest: how the rate swung within one run. A
 * chunk's records share one timestamp, so the counts move in steps of a chunk.
 */
export function perSecond(times: number[]): number[] {
  if (!times.length) return [];
  const start = Math.min(...times);
  const counts: number[] = [];
  for (const t of times) {
    const s = Math.floor((t - start) / 1000);
    counts[s] = (counts[s] ?? 0) + 1;
  }
  return Array.from(counts, (c) => c ?? 0);
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
