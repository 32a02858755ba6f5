import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repo root, found by walking up from the tools build (dist-tools/scripts/demo). */
function findRepoRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'scripts', 'kafka.sh')) || !existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the repository root above ${start}`);
    dir = parent;
  }
  return dir;
}

export const REPO = findRepoRoot(__dirname);
/** .run/ is gitignored: everything the demo writes stays there. */
export const RUN_DIR = join(REPO, '.run');
export const LOG_DIR = join(RUN_DIR, 'demo-logs');
export const PGLITE_DIR = join(RUN_DIR, 'pglite');
export const KAFKA_SCRIPT = join(REPO, 'scripts', 'kafka.sh');

export function appEntry(app: string): string {
  return join(REPO, 'dist', 'apps', app, 'src', 'main.js');
}
