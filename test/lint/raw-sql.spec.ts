import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');

/** Production TypeScript: apps, libraries and scripts, without specs and migrations (which are SQL by nature). */
function productionFiles(dir: string): string[] {
  return readdirSync(join(REPO, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory())
      return e.name === 'migrations' || e.name === 'node_modules' ? [] : productionFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') && !e.name.endsWith('.e2e-spec.ts')
      ? [path]
      : [];
  });
}

const FILES = ['apps', 'libs', 'scripts'].flatMap(productionFiles);
const source = (file: string): string => readFileSync(join(REPO, file), 'utf8');

const writesOf = (table: string) =>
  new RegExp(`\\b(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+${table}\\b`, 'i');

describe('raw SQL lives in repositories (docs/decisions)', () => {
  it('scans the tree it means to', () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(FILES).toContain('libs/shared/src/connectors-store/connector-instances.repository.ts');
    expect(FILES.some((f) => f.includes('/migrations/'))).toBe(false);
  });

  it.each(['connector_instances', 'connector_cursors', 'connector_runs'])(
    '%s is written by exactly one file, its repository',
    (table) => {
      const writers = FILES.filter((f) => writesOf(table).test(source(f)));
      expect(writers).toEqual(['libs/shared/src/connectors-store/connector-instances.repository.ts']);
    },
  );
});
