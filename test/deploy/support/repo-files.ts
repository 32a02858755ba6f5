import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES } from '../../../libs/shared/src/config/config-variables';

export const REPO = join(__dirname, '..', '..', '..');
export const read = (path: string) => readFileSync(join(REPO, path), 'utf8');

/** Names a deployment may set: exactly the variables the apps validate at start. */
export const CONFIG_NAMES = new Set(Object.keys(CONFIG_VARIABLES));

const PACKAGE_SCRIPTS = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

export function isPackageScript(name: string): boolean {
  return name in PACKAGE_SCRIPTS;
}

/**
 * Whether `npm run build` (the production build the image runs) produces this dist path: tsc compiles `<p>.ts`,
 * named or under a folder in tsconfig.build.json's include, to dist/<p>.js (rootDir is the repository).
 */
export function builtByBuild(distPath: string): boolean {
  const m = /^dist\/(.+)\.js$/.exec(distPath);
  if (!m) return false;
  const source = `${m[1]}.ts`;
  const build = JSON.parse(read('tsconfig.build.json')) as { include: string[] };
  const included = build.include.some((entry) =>
    entry.endsWith('/**/*.ts') ? source.startsWith(entry.slice(0, -'**/*.ts'.length)) : entry === source,
  );
  return included && existsSync(join(REPO, source)) && !/\.(e2e-)?spec\.ts$/.test(source);
}

/** The dist script a `node [flags] dist/…js [args]` command runs, or undefined for any other command. */
export function nodeScript(argv: string[]): string | undefined {
  if (!/(^|\/)node$/.test(argv[0] ?? '')) return undefined;
  return argv.slice(1).find((a) => !a.startsWith('-'));
}
