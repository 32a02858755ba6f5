import { Client } from 'pg';
import { createDataSource, ensureDatabase, migrate } from '../../libs/shared/src/db';
import { type Cleanup } from './cleanup';
import { PGLITE_DIR } from './paths';
import { startEmbeddedPostgres } from './pglite';
import { detail, errorMessage, notice, redactUrl } from './ui';

export interface DemoDatabase {
  /** The URL the apps get: the configured one, or the embedded PGlite's. */
  url: string;
  embedded: boolean;
}

const PROBE_TIMEOUT_MS = 3000;

/** SQLSTATE codes are five characters; network errors carry codes like ECONNREFUSED instead. */
function isServerError(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/**
 * True when a PostgreSQL server answers at the URL's host and port. A server that answers but refuses us
 * (bad password, no such role) is an error to fix, not a reason to silently switch to PGlite.
 */
async function serverAnswers(url: string): Promise<boolean> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({
    connectionString: admin.toString(),
    connectionTimeoutMillis: PROBE_TIMEOUT_MS,
  });
  // A refused connection may also surface as an 'error' event; without a listener it would crash the demo.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch (e) {
    if (isServerError(e))
      throw new Error(`PostgreSQL at ${redactUrl(url)} refused the demo: ${errorMessage(e)}`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function migrateAt(url: string): Promise<string[]> {
  const ds = createDataSource(url, { poolSize: 1, applicationName: 'minsheng-demo' });
  try {
    return await migrate(ds);
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }
}

/** The configured PostgreSQL when one answers, otherwise an embedded PGlite; migrated either way. */
export async function openDatabase(configuredUrl: string, cleanup: Cleanup): Promise<DemoDatabase> {
  let db: DemoDatabase;
  if (await serverAnswers(configuredUrl)) {
    const created = await ensureDatabase(configuredUrl);
    const name = new URL(configuredUrl).pathname.slice(1);
    detail(`server answers; database ${name} ${created === 'created' ? 'created' : 'already exists'}`);
    db = { url: configuredUrl, embedded: false };
  } else {
    notice('PostgreSQL not reachable — using embedded PGlite (demo only)');
    detail(
      `no PostgreSQL answers at ${redactUrl(configuredUrl)} (connection refused or ${PROBE_TIMEOUT_MS / 1000} s timeout)`,
    );
    const pg = await startEmbeddedPostgres(PGLITE_DIR);
    cleanup.add('embedded PGlite', () => pg.stop());
    detail(`PGlite serving ${pg.url}, data in .run/pglite`);
    db = { url: pg.url, embedded: true };
  }
  const ran = await migrateAt(db.url);
  detail(ran.length ? `migrations applied: ${ran.join(', ')}` : 'schema up to date');
  return db;
}
