import { readFileSync } from 'node:fs';
import { deserialize } from 'node:v8';
import { WORKER_GC_FLAG } from '../../apps/router/src/offline/gc-relaunch';
import { ParallelRouter } from '../../apps/router/src/offline/parallel-router';
import { type TextModelState } from '../../libs/learning/src';
import { seedContextSource } from '../../libs/routing/src/reference/seed-context';
import { offlineFile } from './offline-file';

/**
 * bench:learn's worker-thread measure, in a process of its own: V8's GC flags are per process, and `npm run route`
 * starts its workers in a process with single-threaded GC (gc-relaunch.ts), so the bench starts this once with that
 * flag and once without. Arguments: SETUP COLD_FILE COLD_LINES FILE LINES. One JSON line on stdout.
 */
export interface ParallelSetup {
  model: TextModelState;
  threshold: number;
  now: string;
  workers: number;
}

async function main(): Promise<void> {
  const [setupPath, coldFile, coldLines, file, lines] = process.argv.slice(2);
  const setup = deserialize(readFileSync(setupPath)) as ParallelSetup;
  const router = await ParallelRouter.start(setup.workers, {
    source: seedContextSource(),
    model: setup.model,
    threshold: setup.threshold,
    now: setup.now,
  });
  const cold = await offlineFile(coldFile, Number(coldLines), router);
  const warm = await offlineFile(file, Number(lines), router);
  await router.close();
  const gc = process.execArgv.includes(WORKER_GC_FLAG) ? 'single-threaded' : 'default';
  console.log(JSON.stringify({ gc, cold, warm }));
}

void main();
