import { execFileSync } from 'node:child_process';
import { join, relative, sep } from 'node:path';
import pkg from '../../package.json';

const REPO = join(__dirname, '..', '..');
// wait-for-migrations: the Kubernetes init containers run it from the production image (deploy/k8s).
const PRODUCTION_SCRIPTS = [
  'scripts/migrate.ts',
  'scripts/keys.ts',
  'scripts/secrets.ts',
  'scripts/wait-for-migrations.ts',
];
// Types only, erased at build time; typescript's own lib .d.ts files are in every program.
const TYPE_ONLY = (name: string) => name === 'typescript' || name.startsWith('@types/');

/** What a production program must not hold: test, bench or demo code, specs, or a devDependency's code. */
function strays(files: string[]): string[] {
  const devOnly = new Set(Object.keys(pkg.devDependencies).filter((name) => !TYPE_ONLY(name)));
  return files.filter((file) => {
    const path = relative(REPO, file).split(sep).join('/');
    const inModules = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
    if (inModules) return devOnly.has(inModules[1]);
    if (/\.(e2e-)?spec\.ts$/.test(path)) return true;
    return !/^(apps|libs)\/[^/]+\/src\//.test(path) && !PRODUCTION_SCRIPTS.includes(path);
  });
}

describe('the production build (tsconfig.build.json)', () => {
  it('compiles the apps, the libraries and the migrate, keys, secrets and wait-for-migrations scripts, nothing else', () => {
    const out = execFileSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '--listFilesOnly', '-p', 'tsconfig.build.json'],
      { cwd: REPO, encoding: 'utf8' },
    );
    const files = out.split('\n').filter(Boolean);
    const own = files.filter((f) => !f.includes('/node_modules/')).map((f) => relative(REPO, f));
    expect(own.some((f) => f.startsWith('apps/gateway/src/'))).toBe(true);
    expect(own.filter((f) => f.startsWith('scripts/')).sort()).toEqual([...PRODUCTION_SCRIPTS].sort());
    expect(strays(files)).toEqual([]);
  }, 120_000);

  it('would name test, bench and demo code, specs and devDependencies that slipped in', () => {
    const at = (p: string) => join(REPO, p);
    expect(
      strays([
        at('apps/router/src/main.ts'),
        at('libs/shared/src/db/index.ts'),
        at('scripts/keys.ts'),
        at('node_modules/kafkajs/types/index.d.ts'),
        at('node_modules/@types/node/fs.d.ts'),
        at('node_modules/typescript/lib/lib.es2023.d.ts'),
        at('test/simulator/simulator.ts'),
        at('test/support/paths.ts'),
        at('bench/router/main.ts'),
        at('scripts/demo/main.ts'),
        at('libs/routing/src/route-item.spec.ts'),
        at('node_modules/@electric-sql/pglite/dist/index.d.ts'),
        at('node_modules/json-rules-engine/types/index.d.ts'),
      ]).map((f) => relative(REPO, f)),
    ).toEqual([
      'test/simulator/simulator.ts',
      'test/support/paths.ts',
      'bench/router/main.ts',
      'scripts/demo/main.ts',
      'libs/routing/src/route-item.spec.ts',
      'node_modules/@electric-sql/pglite/dist/index.d.ts',
      'node_modules/json-rules-engine/types/index.d.ts',
    ]);
  });
});
