import 'reflect-metadata';
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createDataSource } from '@minsheng/shared/db';
import { parseHistory, type TextModel, trainTextModel } from '@minsheng/learning';
import {
  buildRoutingContext,
  ReferenceDataRepository,
  type RoutingContext,
  type RoutingContextSource,
  seedContextSource,
} from '@minsheng/routing';
import { type LearnedRoutingContext } from '@minsheng/routing/learned';
import { relaunchWithWorkerGc, wantsGcRelaunch, WORKER_GC_FLAG } from './gc-relaunch';
import { ParallelRouter } from './parallel-router';
import { routeChunk } from './route-chunk';
import { type ChunkRouter, routeFile } from './route-file';

/**
 * `npm run -s route -- [--history HISTORY.jsonl] [--workers N] FILE.jsonl`: one RoutedTicket JSON line per input
 * line on stdout, in input order, nothing else there (diagnostics go to stderr). Uses the published rule set of
 * DATABASE_URL when a database answers, else the default pack from the seed data. With --history, a model
 * trained on those decided appeals routes what no rule decides (docs/decisions/018-learned-routing.md). With
 * --workers N (N > 1), N worker threads route batches of lines; the output is the same as with one thread. Without
 * --workers a file of AUTO_PARALLEL_BYTES or more is routed on one worker per core, a smaller one on this thread.
 * With workers the process runs itself again with single-threaded GC (gc-relaunch.ts; ROUTE_WORKER_GC=default
 * keeps V8's default).
 */
async function loadSource(): Promise<RoutingContextSource> {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/minsheng';
  const ds = createDataSource(url, { poolSize: 2, applicationName: 'minsheng-route' });
  try {
    await Promise.race([
      ds.initialize(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000)),
    ]);
    if (await ds.showMigrations()) throw new Error('database has pending migrations');
    const source = await new ReferenceDataRepository(ds).loadContextSource();
    process.stderr.write(`route: published rule set ${source.ruleSet.version} from the database\n`);
    return source;
  } catch (e) {
    process.stderr.write(
      `route: no usable database (${(e as Error).message}); using the default rule pack\n`,
    );
    return seedContextSource();
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }
}

/** The model comes with its held-out threshold; nothing else about routing changes. */
function trainOn(history: string): TextModel {
  const started = Date.now();
  const { examples, skipped } = parseHistory(readFileSync(history, 'utf8'));
  const model = trainTextModel(examples);
  process.stderr.write(
    `route: model ${model.version} trained on ${examples.length} decided appeals (${skipped} lines skipped) in ${
      (Date.now() - started) / 1000
    } s, threshold ${model.threshold}\n`,
  );
  return model;
}

function withModel(base: RoutingContext, model: TextModel | undefined): LearnedRoutingContext {
  return model ? { ...base, suggester: { suggester: model, threshold: model.threshold } } : base;
}

interface Args {
  file?: string;
  history?: string;
  /** Unset: chosen by the file's size (workersFor). */
  workers?: number;
}

/**
 * Each worker builds its own routing context and model first (~0.6 s each here, in parallel); below ~10,000 lines
 * one thread is done before two workers have caught up with it.
 */
const AUTO_PARALLEL_BYTES = 8 << 20;

function workersFor(file: string): number {
  const cores = availableParallelism();
  return cores > 1 && statSync(file).size >= AUTO_PARALLEL_BYTES ? cores : 1;
}

function parseArgs(args: string[]): Args | undefined {
  const out: Args = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--history') out.history = args[++i] ?? '';
    else if (args[i] === '--workers') out.workers = Number(args[++i]);
    else if (out.file === undefined) out.file = args[i];
  }
  const badWorkers = out.workers !== undefined && !(Number.isInteger(out.workers) && out.workers >= 1);
  if (!out.file || out.history === '' || badWorkers) return undefined;
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!args?.file) {
    process.stderr.write('usage: npm run -s route -- [--history HISTORY.jsonl] [--workers N] FILE.jsonl\n');
    process.exit(2);
  }
  const workers = args.workers ?? workersFor(args.file);
  if (wantsGcRelaunch(workers, process.execArgv, process.env)) {
    const rest = process.argv.slice(2);
    process.exitCode = await relaunchWithWorkerGc(
      process.argv[1],
      args.workers === undefined ? ['--workers', String(workers), ...rest] : rest,
    );
    return;
  }
  const source = await loadSource();
  const model = args.history ? trainOn(args.history) : undefined;
  const now = new Date();
  const parallel =
    workers > 1
      ? await ParallelRouter.start(workers, {
          source,
          model: model?.state(),
          threshold: model?.threshold,
          now: now.toISOString(),
        })
      : undefined;
  let router: ChunkRouter | undefined = parallel;
  if (!router) {
    const ctx = withModel(buildRoutingContext(source), model);
    router = { size: 1, route: (bytes, first) => routeChunk(bytes, first, ctx, now) };
  }
  const started = performance.now();
  const n = await routeFile(args.file, router, async (out) => {
    if (!process.stdout.write(out)) await new Promise((r) => process.stdout.once('drain', r));
  });
  await parallel?.close();
  const gc = process.execArgv.includes(WORKER_GC_FLAG) ? ', single-threaded GC' : '';
  const perSecond = Math.round(n / ((performance.now() - started) / 1000));
  process.stderr.write(
    `route: ${n} items${parallel ? ` on ${parallel.size} worker threads${gc}` : ''} (${perSecond} a second)\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`route: ${(e as Error).message}\n`);
  process.exit(1);
});
