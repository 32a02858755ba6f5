import { type ApiKeyRole } from '../../libs/shared/src/db/entities/api-key.entity';
import { newKeyMaterial } from '../../libs/shared/src/keys/api-key-format';
import { type TestDatabase } from './test-database';

export interface KeyOptions {
  name?: string;
  counties?: string[];
  departments?: string[];
  ratePerMinute?: number;
  expiresAt?: Date;
}

/** A key written straight into the test database, as the keys CLI would make it; returns the usable key. */
export async function createKey(db: TestDatabase, role: ApiKeyRole, opts: KeyOptions = {}): Promise<string> {
  const m = newKeyMaterial();
  const counties = opts.counties ?? (role === 'consumer' ? ['341200'] : []);
  await db.query(
    `INSERT INTO api_keys (id, name, role, secret_hash, counties, departments, rate_per_minute, created_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'test', $8)`,
    [
      m.id,
      opts.name ?? `test-${role}`,
      role,
      m.secretHash,
      counties,
      opts.departments ?? [],
      opts.ratePerMinute ?? 100_000,
      opts.expiresAt ?? null,
    ],
  );
  return m.key;
}

/** One key of every role, for specs that call the gateway as different users. */
export async function keysOfEveryRole(db: TestDatabase): Promise<Record<ApiKeyRole, string>> {
  return {
    admin: await createKey(db, 'admin'),
    operator: await createKey(db, 'operator'),
    consumer: await createKey(db, 'consumer'),
    auditor: await createKey(db, 'auditor'),
  };
}

export function bearer(key: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${key}`, ...extra };
}
