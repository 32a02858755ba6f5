import { Inject, Injectable } from '@nestjs/common';
import { type DataSource, type EntityManager } from 'typeorm';
import { DATA_SOURCE } from '../runtime/tokens';

type Db = DataSource | EntityManager;

/** push_channels as SELECT * returns it; `secret` is sealed (SecretBox). */
export interface PushChannelRow {
  channel: string;
  secret: string;
  enabled: boolean;
  max_body_bytes: number;
  created_at: Date;
  updated_at: Date;
}

/** push_channels: the operator API changes them, push intake reads them, the secrets CLI re-seals their keys. */
@Injectable()
export class PushChannelsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  list(): Promise<PushChannelRow[]> {
    return this.db.query<PushChannelRow[]>(`SELECT * FROM push_channels ORDER BY channel`);
  }

  /** With `lock`, held FOR UPDATE until `tx` ends. */
  async find(channel: string, tx: Db = this.db, lock = false): Promise<PushChannelRow | undefined> {
    const [row] = await tx.query<PushChannelRow[]>(
      `SELECT * FROM push_channels WHERE channel = $1${lock ? ' FOR UPDATE' : ''}`,
      [channel],
    );
    return row;
  }

  /**
   * Serializes every change that gives a channel name a source (push channel or connector instance) until `tx` ends:
   * ownership is checked by reading the rows, so two creates of one name must not both read before either writes.
   */
  async lockChannelName(tx: EntityManager, channel: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('channel_name'), hashtext($1))`, [channel]);
  }

  /** undefined when the channel exists. */
  async insert(
    tx: EntityManager,
    spec: { channel: string; sealedSecret: string; enabled: boolean; maxBodyBytes: number },
  ): Promise<PushChannelRow | undefined> {
    const [row] = await tx.query<PushChannelRow[]>(
      `INSERT INTO push_channels (channel, secret, enabled, max_body_bytes) VALUES ($1, $2, $3, $4)
       ON CONFLICT (channel) DO NOTHING RETURNING *`,
      [spec.channel, spec.sealedSecret, spec.enabled, spec.maxBodyBytes],
    );
    return row;
  }

  async update(
    tx: EntityManager,
    channel: string,
    s: { enabled: boolean; maxBodyBytes: number },
  ): Promise<PushChannelRow> {
    const [[row]] = await tx.query<[PushChannelRow[], number]>(
      `UPDATE push_channels SET enabled = $2, max_body_bytes = $3, updated_at = now() WHERE channel = $1 RETURNING *`,
      [channel, s.enabled, s.maxBodyBytes],
    );
    return row;
  }

  async replaceSecret(tx: EntityManager, channel: string, sealedSecret: string): Promise<PushChannelRow> {
    const [[row]] = await tx.query<[PushChannelRow[], number]>(
      `UPDATE push_channels SET secret = $2, updated_at = now() WHERE channel = $1 RETURNING *`,
      [channel, sealedSecret],
    );
    return row;
  }

  async delete(tx: EntityManager, channel: string): Promise<void> {
    await tx.query(`DELETE FROM push_channels WHERE channel = $1`, [channel]);
  }

  /** Every channel's secret, locked until `tx` ends (the secrets CLI). */
  secretsForUpdate(tx: EntityManager): Promise<{ id: string; secret: string }[]> {
    return tx.query(`SELECT channel AS id, secret FROM push_channels ORDER BY channel FOR UPDATE`);
  }

  /** Re-sealed under another key: the same secret, so updated_at stays. */
  async reseal(tx: EntityManager, channel: string, sealedSecret: string): Promise<void> {
    await tx.query(`UPDATE push_channels SET secret = $2 WHERE channel = $1`, [channel, sealedSecret]);
  }

  /**
   * Inside the ingest transaction of a delivery (the item's advisory lock held): refuses a delivery signed before the
   * newest one accepted for the item, or an older body again within the same second, then records this one.
   * Returns false for a stale delivery, and records nothing then.
   */
  async advanceItemClock(
    tx: EntityManager,
    itemId: string,
    signedAt: number,
    rawSha256: string,
  ): Promise<boolean> {
    const [clock] = await tx.query<{ signed_at: string; raw_sha256s: string[]; last_raw_sha256: string }[]>(
      `SELECT signed_at, raw_sha256s, last_raw_sha256 FROM push_item_clocks WHERE item_id = $1 FOR UPDATE`,
      [itemId],
    );
    const at = clock ? Number(clock.signed_at) : -1;
    if (signedAt < at) return false;
    if (signedAt === at && clock.raw_sha256s.includes(rawSha256) && clock.last_raw_sha256 !== rawSha256)
      return false;
    await tx.query(
      `INSERT INTO push_item_clocks (item_id, signed_at, raw_sha256s, last_raw_sha256) VALUES ($1, $2, ARRAY[$3], $3)
       ON CONFLICT (item_id) DO UPDATE SET
         raw_sha256s = CASE WHEN push_item_clocks.signed_at = EXCLUDED.signed_at
           THEN array_append(array_remove(push_item_clocks.raw_sha256s, $3), $3) ELSE EXCLUDED.raw_sha256s END,
         signed_at = EXCLUDED.signed_at, last_raw_sha256 = $3`,
      [itemId, signedAt, rawSha256],
    );
    return true;
  }
}
