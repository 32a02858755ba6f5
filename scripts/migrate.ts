import { loadConfig } from '../libs/shared/src/config';
import { createDataSource, ensureDatabase, migrate } from '../libs/shared/src/db';

/** `npm run migrate`: creates the database if missing and applies pending migrations. */
async function main(): Promise<void> {
  const config = loadConfig();
  const created = await ensureDatabase(config.DATABASE_URL);
  const ds = createDataSource(config.DATABASE_URL);
  const ran = await migrate(ds);
  await ds.destroy();
  console.log(JSON.stringify({ database: created, migrations: ran }));
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
