import { type Producer } from 'kafkajs';
import { type OutboxRepository, type OutboxRow } from '@minsheng/shared/ingest';
import { type Logger } from '@minsheng/shared/logging';

/**
 * Publishes outbox rows to Kafka in id order and marks them sent in the same PostgreSQL transaction that claimed
 * them (FOR UPDATE SKIP LOCKED, so relays in several replicas share the work). Kafka down ⇒ the send fails, the
 * transaction rolls back, rows stay unsent and the relay backs off; connectors keep writing meanwhile.
 * A crash between Kafka's ack and our commit re-sends those rows: delivery is at-least-once, and the router
 * recognises the repeat by (item id, revision).
 */
export class OutboxRelay {
  private stopped = false;
  private loop?: Promise<void>;
  private failing = false;
  private connected = false;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly producer: Producer,
    private readonly opts: { batchSize: number; pollMs: number; topicPrefix: string },
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  /** Ends the loop after the batch in flight, and the producer's connection with it. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    await this.producer.disconnect().catch(() => undefined);
  }

  /** Publishes one batch; returns how many rows were sent. */
  async relayOnce(): Promise<number> {
    return this.outbox.relayBatch(this.opts.batchSize, async (rows) => {
      const byTopic = new Map<string, OutboxRow[]>();
      for (const r of rows) {
        const list = byTopic.get(r.topic);
        if (list) list.push(r);
        else byTopic.set(r.topic, [r]);
      }
      if (!this.connected) {
        await this.producer.connect();
        this.connected = true;
      }
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, list]) => ({
          topic: `${this.opts.topicPrefix}${topic}`,
          messages: list.map((r) => ({ key: r.message_key, value: r.payload, headers: r.headers })),
        })),
      });
    });
  }

  private async run(): Promise<void> {
    let backoff = this.opts.pollMs;
    // Connect up front when Kafka is there, so the first rows do not wait for a handshake; if it is not, the
    // loop connects later.
    try {
      await this.producer.connect();
      this.connected = true;
    } catch {
      this.connected = false;
    }
    while (!this.stopped) {
      let sent = 0;
      try {
        sent = await this.relayOnce();
        if (this.failing) this.logger.info('outbox relay recovered; publishing again');
        this.failing = false;
        backoff = this.opts.pollMs;
      } catch (e) {
        if (!this.failing)
          this.logger.warn({ err: e }, 'outbox relay cannot publish; rows wait in the outbox');
        this.failing = true;
        // Start from a fresh connection next time; kafkajs does not always recover a producer whose broker went away.
        this.connected = false;
        await this.producer.disconnect().catch(() => undefined);
        backoff = Math.min(backoff * 2, 5000);
      }
      if (sent === 0 && !this.stopped)
        await new Promise((r) => setTimeout(r, this.failing ? backoff : this.opts.pollMs));
    }
  }
}
