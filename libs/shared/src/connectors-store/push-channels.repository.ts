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
}
