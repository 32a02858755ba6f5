import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { createDataSource, migrate } from '../../libs/shared/src/db';
import { KAFKA_SCRIPT, REPO, STARTED_KAFKA_MARKER, TEMPLATE_DB, TEST_PG_ADMIN_URL } from './paths';

/**
 * Makes `npm test` self-sufficient on a fresh machine: starts the project's Kafka when nothing answers (and
 * remembers to stop it), and migrates a template database that every test file clones.
 */
export default async function globalSetup(): Promise<void> {
  if (!existsSync(join(REPO, 'dist', 'apps', 'router', 'src', 'main.js'))) {
    throw new Error('dist/ is missing: run the tests with `npm test`, which builds first');
  }
  let running = true;
  try {
    execFileSync('bash', [KAFKA_SCRIPT, 'status'], { stdio: 'ignore' });
  } catch {
    running = false;
  }
  if (!running) {
    execFileSync('bash', [KAFKA_SCRIPT, 'up'], { stdio: 'inherit' });
    mkdirSync(dirname(STARTED_KAFKA_MARKER), { recursive: true });
    writeFileSync(STARTED_KAFKA_MARKER, String(Date.now()));
  }
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    // Other clones may still hold it from an aborted run; the template is rebuilt every run so it has every migration.
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [
      TEMPLATE_DB,
    ]);
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${TEMPLATE_DB}`;
  const ds = createDataSource(url.toString(), { poolSize: 1 });
  await migrate(ds);
  await ds.destroy();
}
