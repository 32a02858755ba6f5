import { loadConfig } from '../libs/shared/src/config';
import { createDataSource, DatabaseRepository } from '../libs/shared/src/db';

const USAGE = `usage: node dist/scripts/wait-for-migrations.js [--timeout-seconds N]
Waits until DATABASE_URL has every migration this build carries (the migration Job or \`npm run migrate\` applies
them; this never does), then exits 0; exits 1 after N seconds (default 600). Kubernetes init containers run it so
that a pod of a new version never starts against an older schema.`;

/** Names of migrations this build carries that the database has not run, or why the database cannot tell. */
async function pending(url: string): Promise<string[] | Error> {
  const ds = createDataSource(url, { poolSize: 1, applicationName: 'minsheng-wait-for-migrations' });
  try {
    await ds.initialize();
    const ran = await new DatabaseRepository(ds).ranMigrations();
    return ds.migrations.map((m) => m.name!).filter((name) => !ran.has(name));
  } catch (e) {
    return e as Error;
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--timeout-seconds');
  const timeout = at >= 0 ? Number(args[at + 1]) : 600;
  if (args.length > (at >= 0 ? 2 : 0) || !(timeout >= 0)) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const deadline = Date.now() + timeout * 1000;
  let last = '';
  for (;;) {
    const result = await pending(config.DATABASE_URL);
    if (Array.isArray(result) && result.length === 0) {
      console.log(JSON.stringify({ migrations: 'ready' }));
      return 0;
    }
    // One line per change of state, not per poll: the init container's log stays readable.
    const state = Array.isArray(result) ? `pending: ${result.join(', ')}` : `database: ${result.message}`;
    if (state !== last) console.log(JSON.stringify({ migrations: 'waiting', state }));
    last = state;
    if (Date.now() >= deadline) {
      console.error(JSON.stringify({ migrations: 'timeout', seconds: timeout, state }));
      return 1;
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error((e as Error).message);
    process.exit(1);
  },
);
