import { Inject, Injectable } from '@nestjs/common';
import { Client } from 'pg';
import { type DataSource } from 'typeorm';
import { DATA_SOURCE } from '../runtime/tokens';

/** The database itself, not a table: is it there (health), create it, migrate it. */
@Injectable()
export class DatabaseRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  /** Names of the migrations the database has run; none when it has no migrations table yet. */
  async ranMigrations(): Promise<Set<string>> {
    const rows = await this.db.query<{ name: string }[]>(`SELECT name FROM migrations`).catch(() => []);
    return new Set(rows.map((r) => r.name));
  }
}

/** Creates the database named in the URL when it is missing, by connecting to the server's 'postgres' database. */
export async function ensureDatabase(url: string): Promise<'created' | 'exists'> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`unsupported database name ${JSON.stringify(name)}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return 'exists';
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } catch (e) {
      // Two processes may race to create it; the loser just uses it.
      if ((e as { code?: string }).code !== '42P04') throw e;
      return 'exists';
    }
    return 'created';
  } finally {
    await client.end();
  }
}

/** Runs pending migrations; the DataSource is left initialized. */
export async function migrate(ds: import('typeorm').DataSource): Promise<string[]> {
  if (!ds.isInitialized) await ds.initialize();
  const ran = await ds.runMigrations({ transaction: 'each' });
  return ran.map((m) => m.name);
}
