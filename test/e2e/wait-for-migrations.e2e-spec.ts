import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createDataSource } from '../../libs/shared/src/db';
import { REPO } from '../support/paths';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const SCRIPT = join(REPO, 'dist', 'scripts', 'wait-for-migrations.js');

interface Outcome {
  code: number;
  out: string;
}

async function waitForMigrations(url: string, timeoutSeconds: number): Promise<Outcome> {
  const env = { ...process.env, DATABASE_URL: url, NODE_ENV: 'test' };
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [SCRIPT, '--timeout-seconds', String(timeoutSeconds)],
      { env },
    );
    return { code: 0, out: stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

/** The Kubernetes init container (deploy/k8s): a pod waits for the migration Job, never runs on an older schema. */
describe('wait-for-migrations', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('waitmig');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('answers at once for a database with every migration, and waits while one is missing', async () => {
    expect(await waitForMigrations(db.url, 0)).toEqual({ code: 0, out: '{"migrations":"ready"}\n' });

    const ds = createDataSource(db.url, { poolSize: 1 });
    await ds.initialize();
    const last = ds.migrations[ds.migrations.length - 1].name!;
    await ds.undoLastMigration();

    const missing = await waitForMigrations(db.url, 0);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain(`pending: ${last}`);

    // Started before the migration runs, it exits 0 once the Job (here: runMigrations) has applied it.
    const waiting = spawn(process.execPath, [SCRIPT, '--timeout-seconds', '60'], {
      env: { ...process.env, DATABASE_URL: db.url, NODE_ENV: 'test' },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => waiting.on('exit', resolve));
    await new Promise((r) => setTimeout(r, 1500));
    await ds.runMigrations();
    await ds.destroy();
    expect(await exited).toBe(0);
  });

  it('fails after its timeout when the database does not answer, saying so', async () => {
    const outcome = await waitForMigrations('postgres://postgres@127.0.0.1:1/minsheng_nowhere', 0);
    expect(outcome.code).toBe(1);
    expect(outcome.out).toContain('"state":"database: ');
  });
});
