import { type Admin, type Kafka } from 'kafkajs';
import { Cached, within } from './cached';

const PROBE_TIMEOUT_MS = 3000;

/**
 * Is a Kafka broker answering? One admin connection kept open and asked for the cluster's metadata at most every
 * `ttlMs` (5 s by default), whoever asks: probes and scrapes never open a connection per request. A failed check
 * drops the connection so the next one starts afresh (kafkajs does not always recover one whose broker went away).
 */
export class KafkaProbe {
  private admin?: Admin;
  private readonly cached: Cached<boolean>;

  constructor(
    private readonly kafka: Kafka,
    ttlMs = 5000,
  ) {
    this.cached = new Cached(() => this.check(), ttlMs);
  }

  up(): Promise<boolean> {
    return this.cached.get();
  }

  private async check(): Promise<boolean> {
    try {
      await within(this.describe(), PROBE_TIMEOUT_MS, 'kafka');
      return true;
    } catch {
      const admin = this.admin;
      this.admin = undefined;
      await admin?.disconnect().catch(() => undefined);
      return false;
    }
  }

  private async describe(): Promise<void> {
    if (!this.admin) {
      // No retries: an unreachable broker is an answer, not something to wait out inside a probe.
      const admin = this.kafka.admin({ retry: { retries: 0 } });
      this.admin = admin;
      await admin.connect();
    }
    await this.admin.describeCluster();
  }

  async close(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
  }
}
