import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { type z } from 'zod';
import { TOPICS } from '@minsheng/shared/contracts';
import { maskText } from '@minsheng/shared/pii';
import { audit } from '@minsheng/shared/audit';
import { APP_CONFIG, type AppConfig, DATA_SOURCE } from '@minsheng/shared/runtime';
import { ApiError } from '../common/api-error';
import { type deadLetterQuerySchema } from './admin-schemas';

/** Topics whose messages the router consumes: the only places a dead letter can go back to. */
const REPLAYABLE_TOPICS: string[] = [TOPICS.items, TOPICS.feedback];
/** Dead-letter payloads are cut at 64 KiB (DeadLetterV1); a cut payload can only fail again. */
const PAYLOAD_CAP = 65536;

interface DeadLetterRow {
  id: string;
  stage: string;
  reason_code: string;
  reason: string;
  topic: string | null;
  partition: number | null;
  offset: string | null;
  message_key: string | null;
  payload: string;
  created_at: Date;
  replayed_at: Date | null;
  connector_id: string | null;
}

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

const SELECT = `SELECT d.*, rc.connector_id FROM dead_letters d
  LEFT JOIN raw_captures rc ON d.stage = 'connector' AND d.message_key LIKE 'raw:%' AND rc.sha256 = substr(d.message_key, 5)`;

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
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(
    q: z.infer<typeof deadLetterQuerySchema>,
  ): Promise<{ deadLetters: DeadLetterView[]; nextCursor: string | null }> {
    const rows = await this.db.query<DeadLetterRow[]>(
      `${SELECT}
       WHERE ($1::text IS NULL OR d.stage = $1) AND ($2::text IS NULL OR d.reason_code = $2)
         AND ($3::text IS NULL OR d.topic = $3 OR d.topic = $9::text || $3::text)
         AND ($4::boolean IS NULL OR (d.replayed_at IS NOT NULL) = $4)
         AND ($5::timestamptz IS NULL OR d.created_at >= $5) AND ($6::timestamptz IS NULL OR d.created_at < $6)
         AND ($7::bigint IS NULL OR d.id < $7)
       ORDER BY d.id DESC LIMIT $8`,
      [
        q.stage ?? null,
        q.reasonCode ?? null,
        q.topic ?? null,
        q.replayed === undefined ? null : q.replayed === 'true',
        q.since ?? null,
        q.until ?? null,
        q.cursor ?? null,
        q.limit,
        this.config.KAFKA_TOPIC_PREFIX,
      ],
    );
    const deadLetters = rows.map((r) => this.view(r));
    return {
      deadLetters,
      nextCursor: deadLetters.length === q.limit ? deadLetters[deadLetters.length - 1].id : null,
    };
  }

  async get(id: string): Promise<DeadLetterView> {
    return this.view(await this.find(id, this.db));
  }

  async replay(id: string, actor: string): Promise<DeadLetterView & { outboxId: string }> {
    return this.db.transaction(async (tx) => {
      const before = await this.find(id, tx, true);
      const why = this.notReplayable(before);
      if (why) throw new ApiError(why.code, why.message, HttpStatus.CONFLICT);
      const [{ id: outboxId }] = await tx.query<{ id: string }[]>(
        `INSERT INTO outbox (topic, message_key, payload, headers) VALUES ($1, $2, $3, $4) RETURNING id`,
        [
          this.baseTopic(before.topic),
          before.message_key ?? '',
          before.payload,
          JSON.stringify({ replayOf: String(id) }),
        ],
      );
      const [[after]] = await tx.query<[DeadLetterRow[], number]>(
        `UPDATE dead_letters SET replayed_at = now() WHERE id = $1 RETURNING *`,
        [id],
      );
      const summary = (r: DeadLetterRow) => ({
        stage: r.stage,
        reasonCode: r.reason_code,
        topic: r.topic,
        replayedAt: r.replayed_at,
      });
      await audit(tx, {
        actor,
        action: 'dead_letter.replay',
        entity: 'dead_letter',
        entityId: String(id),
        before: summary(before),
        after: { ...summary(after), outboxId: String(outboxId) },
      });
      return { ...this.view({ ...after, connector_id: before.connector_id }), outboxId: String(outboxId) };
    });
  }

  private async find(id: string, tx: Pick<DataSource, 'query'>, lock = false): Promise<DeadLetterRow> {
    const rows = /^\d{1,18}$/.test(id)
      ? await tx.query<DeadLetterRow[]>(`${SELECT} WHERE d.id = $1${lock ? ' FOR UPDATE OF d' : ''}`, [id])
      : [];
    if (!rows[0])
      throw new ApiError('not_found', `no dead letter ${JSON.stringify(id)}`, HttpStatus.NOT_FOUND);
    return rows[0];
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
