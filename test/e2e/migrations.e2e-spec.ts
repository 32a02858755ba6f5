import { createDataSource } from '../../libs/shared/src/db';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** Migrations are reviewed code: they apply, revert and re-apply cleanly, and agree with the entities. */
describe('database migrations', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('migrations');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('leave nothing for the entities to change (no drift between entities and migrations)', async () => {
    const ds = createDataSource(db.url, { poolSize: 1 });
    await ds.initialize();
    const pending = await ds.driver.createSchemaBuilder().log();
    await ds.destroy();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('revert to an empty schema and re-apply', async () => {
    const ds = createDataSource(db.url, { poolSize: 1 });
    await ds.initialize();
    try {
      expect(await ds.showMigrations()).toBe(false);
      for (let i = 0; i < ds.migrations.length; i++) await ds.undoLastMigration();
      const tables = await ds.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
      );
      expect(Number(tables[0].n)).toBe(0);
      const ran = await ds.runMigrations();
      expect(ran.map((m) => m.name)).toEqual(ds.migrations.map((m) => m.name));
      const [counts] = await ds.query<
        { divisions: string; departments: string; rules: string; days: string }[]
      >(
        `SELECT (SELECT count(*) FROM divisions) AS divisions, (SELECT count(*) FROM departments) AS departments,
                (SELECT jsonb_array_length(document->'rules') FROM rule_sets WHERE status = 'published') AS rules, (SELECT count(*) FROM calendar_days) AS days`,
      );
      expect(Number(counts.divisions)).toBe(2147);
      expect(Number(counts.departments)).toBe(29);
      expect(Number(counts.rules)).toBeGreaterThan(100);
      expect(Number(counts.days)).toBeGreaterThan(20);
    } finally {
      await ds.destroy();
    }
  });
});
