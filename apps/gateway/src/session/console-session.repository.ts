import { Inject, Injectable } from '@nestjs/common';
import { type DataSource, type EntityManager } from 'typeorm';
import { type ApiKeyRole } from '@minsheng/shared/db';
import { DATA_SOURCE } from '@minsheng/shared/runtime';

/** A live session with the key it stands for (the key's own validity is checked with it). */
export interface ActiveSession {
  id: string;
  expiresAt: Date;
  key: {
    id: string;
    name: string;
    role: ApiKeyRole;
    counties: string[];
    departments: string[];
    ratePerMinute: number;
  };
}

/** console_sessions: opened at sign-in, looked up by token hash on every cookie request, revoked at sign-out. */
@Injectable()
export class ConsoleSessionRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async open(
    tx: EntityManager,
    s: { id: string; tokenHash: string; keyId: string; ttlMs: number },
  ): Promise<Date> {
    const [row] = await tx.query<{ expires_at: Date }[]>(
      `INSERT INTO console_sessions (id, token_hash, key_id, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4::double precision / 1000)) RETURNING expires_at`,
      [s.id, s.tokenHash, s.keyId, s.ttlMs],
    );
    return new Date(row.expires_at);
  }

  /** The session unless it is expired or revoked, or its key is expired or revoked. */
  async findActive(tokenHash: string): Promise<ActiveSession | undefined> {
    const [r] = await this.db.query<
      {
        id: string;
        expires_at: Date;
        key_id: string;
        name: string;
        role: ApiKeyRole;
        counties: string[];
        departments: string[];
        rate_per_minute: number;
      }[]
    >(
      `SELECT s.id, s.expires_at, k.id AS key_id, k.name, k.role, k.counties, k.departments, k.rate_per_minute
       FROM console_sessions s JOIN api_keys k ON k.id = s.key_id
       WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
         AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())`,
      [tokenHash],
    );
    if (!r) return undefined;
    return {
      id: r.id,
      expiresAt: new Date(r.expires_at),
      key: {
        id: r.key_id,
        name: r.name,
        role: r.role,
        counties: r.counties,
        departments: r.departments,
        ratePerMinute: r.rate_per_minute,
      },
    };
  }

  /** Revokes a live session; false when it was already revoked (a second sign-out changes nothing). */
  async revoke(tx: EntityManager, id: string): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [, affected] = await tx.query<[unknown[], number]>(
      `UPDATE console_sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`,
      [id],
    );
    return affected > 0;
  }
}
