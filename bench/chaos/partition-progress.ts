import { type DataSource } from 'typeorm';

/**
 * How far routing has got on each items partition, from the decisions table (the highest source offset decided),
 * polled. A fault's recovery time is how long the partitions it stopped took to move again.
 */
export class PartitionProgress {
  private latest = new Map<number, bigint>();
  private decided = 0;
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(private readonly db: DataSource) {}

  async start(pollMs = 200): Promise<void> {
    await this.poll();
    this.timer = setInterval(() => void this.poll(), pollMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Decisions stored so far (any partition). */
  get count(): number {
    return this.decided;
  }

  snapshot(): Map<number, bigint> {
    return new Map(this.latest);
  }

  /**
   * Milliseconds from `since` until every one of `partitions` has a decision past its offset in `at`, or null when
   * that did not happen within `timeoutMs` (or nothing more arrived on them to decide).
   */
  async advanced(
    partitions: number[],
    at: Map<number, bigint>,
    since: number,
    timeoutMs: number,
  ): Promise<number | null> {
    const deadline = since + timeoutMs;
    while (Date.now() < deadline) {
      if (partitions.every((p) => (this.latest.get(p) ?? -1n) > (at.get(p) ?? -1n)))
        return Date.now() - since;
      await new Promise((r) => setTimeout(r, 100));
    }
    return null;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const rows = await this.db.query<{ p: number; o: string; n: string }[]>(
        `SELECT source_partition AS p, max(source_offset) AS o, count(*) AS n FROM routing_decisions
          WHERE source_topic = 'appeal.items.v1' GROUP BY 1`,
      );
      this.latest = new Map(rows.map((r) => [Number(r.p), BigInt(r.o)]));
      this.decided = rows.reduce((sum, r) => sum + Number(r.n), 0);
    } catch {
      // A slow or failed poll keeps the last figures; the next one catches up.
    } finally {
      this.polling = false;
    }
  }
}
