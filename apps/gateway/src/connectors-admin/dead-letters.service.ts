import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type z } from 'zod';
import { type DeadLetterRow, DeadLettersRepository } from '@minsheng/shared/ingest';
import { TOPICS } from '@minsheng/shared/contracts';
import { maskText } from '@minsheng/shared/pii';
import { AuditRepository } from '@minsheng/shared/audit';
import { APP_CONFIG, type AppConfig } from '@minsheng/shared/runtime';
import { ApiError } from '../common/api-error';
import { type deadLetterQuerySchema } from './admin-schemas';

/** Topics whose messages the router consumes: the only places a dead letter can go back to. */
const REPLAYABLE_TOPICS: string[] = [TOPICS.items, TOPICS.feedback];
/** Dead-letter payloads are cut at 64 KiB (DeadLetterV1); a cut payload can only fail again. */
const PAYLOAD_CAP = 65536;

export interface DeadLetterView {
  id: string;
  stage: string;
  reasonCode: string;
  reason: string;
  topic: string | null;
  partition: number | null;
  offset: string | null;
  messageKey: string | null;
  /** Connector-stage letters: the instance whose record failed (from its raw capture, while retained). */
  connectorId: string | null;
  /** The failed message or raw record, phone numbers masked. */
  payload: string;
  createdAt: string;
  replayedAt: string | null;
  /** Why not, when it cannot be replayed. */
  notReplayable: string | null;
}

/**
 * Dead letters and their replay. Replay means: the failed message goes back, unchanged, to the topic it came from —
 * through the outbox, so it is published exactly like a fresh message — and the router processes it again (a fixed
 * rule set, a fixed bug, a dependency back up). Connector-stage letters hold a raw upstream record that never became
 * an item; no topic would accept it, so they are not replayable here: fix the parser or config, then reset the
 * instance's cursor (the record is re-read) or wait for the source to send it again.
 */
@Injectable()
export class DeadLettersService {
  constructor(
    private readonly letters: DeadLettersRepository,
    private readonly auditLog: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(
    q: z.infer<typeof deadLetterQuerySchema>,
  ): Promise<{ deadLetters: DeadLetterView[]; nextCursor: string | null }> {
    const rows = await this.letters.list({
      stage: q.stage,
      reasonCode: q.reasonCode,
      topic: q.topic,
      topicPrefix: this.config.KAFKA_TOPIC_PREFIX,
      replayed: q.replayed === undefined ? undefined : q.replayed === 'true',
      since: q.since,
      until: q.until,
      beforeId: q.cursor,
      limit: q.limit,
    });
    const deadLetters = rows.map((r) => this.view(r));
    return {
      deadLetters,
      nextCursor: deadLetters.length === q.limit ? deadLetters[deadLetters.length - 1].id : null,
    };
  }

  async get(id: string): Promise<DeadLetterView> {
    return this.view(await this.find(id));
  }

  async replay(id: string, actor: string): Promise<DeadLetterView & { outboxId: string }> {
    return this.letters.transaction(async (tx) => {
      const before = await this.find(id, tx);
      const why = this.notReplayable(before);
      if (why) throw new ApiError(why.code, why.message, HttpStatus.CONFLICT);
      const { outboxId, after } = await this.letters.replay(tx, before, this.baseTopic(before.topic)!);
      const summary = (r: DeadLetterRow) => ({
        stage: r.stage,
        reasonCode: r.reason_code,
        topic: r.topic,
        replayedAt: r.replayed_at,
      });
      await this.auditLog.record(tx, {
        actor,
        action: 'dead_letter.replay',
        entity: 'dead_letter',
        entityId: String(id),
        before: summary(before),
        after: { ...summary(after), outboxId },
      });
      return { ...this.view(after), outboxId };
    });
  }

  /** Inside `tx`, the letter is locked until it ends. */
  private async find(id: string, tx?: EntityManager): Promise<DeadLetterRow> {
    const row = await this.letters.find(id, tx, tx !== undefined);
    if (!row) throw new ApiError('not_found', `no dead letter ${JSON.stringify(id)}`, HttpStatus.NOT_FOUND);
    return row;
  }

  /** The router records the topic as consumed, with the deployment's prefix; the outbox wants the base name. */
  private baseTopic(topic: string | null): string | undefined {
    if (!topic) return undefined;
    const prefix = this.config.KAFKA_TOPIC_PREFIX;
    const base = prefix && topic.startsWith(prefix) ? topic.slice(prefix.length) : topic;
    return REPLAYABLE_TOPICS.includes(base) ? base : undefined;
  }

  private notReplayable(r: DeadLetterRow): { code: string; message: string } | undefined {
    if (r.replayed_at)
      return { code: 'already_replayed', message: `replayed at ${new Date(r.replayed_at).toISOString()}` };
    if (r.stage === 'connector')
      return {
        code: 'not_replayable',
        message:
          'a connector-stage dead letter is a raw upstream record, not a message: fix the parser or config, then reset the cursor',
      };
    if (!this.baseTopic(r.topic))
      return { code: 'not_replayable', message: `no known topic to replay to (${JSON.stringify(r.topic)})` };
    if (r.payload.length >= PAYLOAD_CAP)
      return { code: 'not_replayable', message: 'the payload was cut at 64 KiB when it was dead-lettered' };
    return undefined;
  }

  private view(r: DeadLetterRow): DeadLetterView {
    return {
      id: String(r.id),
      stage: r.stage,
      reasonCode: r.reason_code,
      reason: r.reason,
      topic: r.topic,
      partition: r.partition,
      offset: r.offset === null ? null : String(r.offset),
      messageKey: r.message_key,
      connectorId: r.connector_id,
      payload: maskText(r.payload),
      createdAt: new Date(r.created_at).toISOString(),
      replayedAt: r.replayed_at ? new Date(r.replayed_at).toISOString() : null,
      notReplayable: this.notReplayable(r)?.message ?? null,
    };
  }
}
