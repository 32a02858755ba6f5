import { Inject, Injectable } from '@nestjs/common';
import { type DataSource, type EntityManager } from 'typeorm';
import { DATA_SOURCE } from '../runtime/tokens';

/** dead_letters as read, with the connector of a connector-stage letter (from its raw capture, while retained). */
export interface DeadLetterRow {
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

export interface DeadLetterFilter {
  stage?: string;
  reasonCode?: string;
  /** The base topic name; a letter recorded under `topicPrefix` + it matches too. */
  topic?: string;
  topicPrefix: string;
  replayed?: boolean;
  since?: string;
  until?: string;
  beforeId?: number;
  limit: number;
}

const SELECT = `SELECT d.*, rc.connector_id FROM dead_letters d
  LEFT JOIN raw_captures rc ON d.stage = 'connector' AND d.message_key LIKE 'raw:%' AND rc.sha256 = substr(d.message_key, 5)`;

/** Reading dead letters and replaying one (they are written by IngestRepository and the router). */
@Injectable()
export class DeadLettersRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Newest first, keyset on the id. */
  list(f: DeadLetterFilter): Promise<DeadLetterRow[]> {
    return this.db.query<DeadLetterRow[]>(
      `${SELECT}
       WHERE ($1::text IS NULL OR d.stage = $1) AND ($2::text IS NULL OR d.reason_code = $2)
         AND ($3::text IS NULL OR d.topic = $3 OR d.topic = $9::text || $3::text)
         AND ($4::boolean IS NULL OR (d.replayed_at IS NOT NULL) = $4)
         AND ($5::timestamptz IS NULL OR d.created_at >= $5) AND ($6::timestamptz IS NULL OR d.created_at < $6)
         AND ($7::bigint IS NULL OR d.id < $7)
       ORDER BY d.id DESC LIMIT $8`,
      [
        f.stage ?? null,
        f.reasonCode ?? null,
        f.topic ?? null,
        f.replayed ?? null,
        f.since ?? null,
        f.until ?? null,
        f.beforeId ?? null,
        f.limit,
        f.topicPrefix,
      ],
    );
  }

  /** With `lock` (inside `tx`), the letter is held until `tx` ends. */
  async find(
    id: string,
    tx: DataSource | EntityManager = this.db,
    lock = false,
  ): Promise<DeadLetterRow | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const [row] = await tx.query<DeadLetterRow[]>(
      `${SELECT} WHERE d.id = $1${lock ? ' FOR UPDATE OF d' : ''}`,
      [id],
    );
    return row;
  }

  /** Deletes letters recorded before `cutoff`, replayed or not; null while another replica is purging them. */
  async purgeBefore(cutoff: Date): Promise<number | null> {
    return this.db.transaction(async (tx) => {
      const [{ locked }] = await tx.query<{ locked: boolean }[]>(
        `SELECT pg_try_advisory_xact_lock(hashtext('maintenance'), hashtext('dead_letter_retention')) AS locked`,
      );
      if (!locked) return null;
      const [, deleted] = await tx.query<[unknown[], number]>(
        `DELETE FROM dead_letters WHERE created_at < $1`,
        [cutoff.toISOString()],
      );
      return deleted;
    });
  }

  /** Puts the letter's message back through the outbox to `topic` and marks it replayed; returns the outbox id. */
  async replay(
    tx: EntityManager,
    letter: DeadLetterRow,
    topic: string,
  ): Promise<{ outboxId: string; after: DeadLetterRow }> {
    const [{ id: outboxId }] = await tx.query<{ id: string }[]>(
      `INSERT INTO outbox (topic, message_key, payload, headers) VALUES ($1, $2, $3, $4) RETURNING id`,
      [topic, letter.message_key ?? '', letter.payload, JSON.stringify({ replayOf: String(letter.id) })],
    );
    const [[after]] = await tx.query<[DeadLetterRow[], number]>(
      `UPDATE dead_letters SET replayed_at = now() WHERE id = $1 RETURNING *`,
      [letter.id],
    );
    return { outboxId: String(outboxId), after: { ...after, connector_id: letter.connector_id } };
  }
}
