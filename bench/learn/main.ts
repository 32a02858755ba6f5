import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { serialize } from 'node:v8';
import { WORKER_GC_FLAG } from '../../apps/router/src/offline/gc-relaunch';
import { routeChunk } from '../../apps/router/src/offline/route-chunk';
import { type ChunkRouter } from '../../apps/router/src/offline/route-file';
import { appealText, type LabelledText, trainTextModel } from '../../libs/learning/src';
import { routeWithModel } from '../../libs/routing/src/learned';
import { seedRoutingContext } from '../../libs/routing/src/reference/seed-context';
import { type AppealItemV1 } from '../../libs/shared/src/contracts';
import { generateAppeals } from '../rules/appeal-corpus';
import { round } from '../rules/measure';
import { measure, offlineFile, type Throughput } from './offline-file';
import { type ParallelSetup } from './offline-parallel';

/*
 * `npm run -s bench:learn`: training time on 100,000 decided appeals (one fit; with k folds for the threshold
 * and the held-out figures training costs k + 1 fits), suggestion throughput, and the offline router's
 * throughput with the model consulted on every item. Progress on stderr; one JSON line last on stdout.
 * The history is what the platform itself produces: generated appeals labelled with the department the default
 * rule pack routes them to.
 *
 * Routing figures: routeWithModel on one thread in items per wall-clock second (the machine may be shared) and per
 * CPU second of this process (less sensitive to other load); the offline router's own path (`npm run route`:
 * a JSONL file in, routed ticket lines out) on one thread and on worker threads, one per core, in items per
 * wall-clock second from the first chunk read to the last line back (workers started beforehand): first over a
 * file of 20,000 lines, which also warms the threads up, then over a file of OFFLINE_LINES. The worker-thread runs
 * each have a process of their own (offline-parallel.ts), twice with the single-threaded GC `npm run route` gives
 * its workers and twice with V8's default, alternating; the headline figures are the first kind's mean.
 */

const EXAMPLES = Number(process.env.BENCH_LEARN_EXAMPLES ?? 100_000);
const ROUTED = 20_000;
/** Lines in the offline router's file: an onboarding history is 10⁵–10⁶ appeals, and the first 20,000 of a
 * run still pay for the JIT. */
const OFFLINE_LINES = Number(process.env.BENCH_LEARN_OFFLINE_LINES ?? 100_000);
const log = (message: string) => console.error(`[bench:learn] ${message}`);

function history(): LabelledText[] {
  const ctx = seedRoutingContext();
  const out: LabelledText[] = [];
  for (const input of generateAppeals(Math.round(EXAMPLES * 1.3), 20261203)) {
    const lead = ctx.rules.evaluate(input).lead?.department;
    if (lead)
      out.push({ text: appealText(input.title, input.content), department: lead, at: input.receivedAt });
    if (out.length === EXAMPLES) break;
  }
  return out;
}

function items(count: number): AppealItemV1[] {
  const at = '2026-11-20T09:00:00+08:00';
  return generateAppeals(count, 20261204).map((a, i) => ({
    schemaVersion: 1,
    id: `bench-${i}`,
    revision: 1,
    traceId: `trace-${i}`,
    channel: a.channel ?? 'hotline_12345',
    source: {
      system: 'bench',
      externalId: String(i),
      fetchedAt: at,
      rawRef: `raw:${i}`,
      rawSha256: '0'.repeat(64),
      parserVersion: 'bench/1',
      connectorId: 'bench',
    },
    submittedAt: at,
    receivedAt: a.receivedAt ?? at,
    title: a.title,
    content: a.content,
    appealType: a.appealType ?? 'other',
    location: a.address
      ? { addressText: a.address, precision: 'address', origin: 'citizen' }
      : { precision: 'none', origin: 'none' },
    reporter: { anonymous: false, publicVisible: false },
    attachments: [],
    riskFlags: [],
  }));
}

/** A JSONL file of the items, as `npm run route` reads it; removed with the bench's directory. */
function writeItems(dir: string, name: string, batch: AppealItemV1[]): string {
  const path = join(dir, name);
  writeFileSync(path, batch.map((item) => `${JSON.stringify(item)}\n`).join(''));
  return path;
}

interface ParallelRun {
  gc: string;
  cold: Throughput;
  warm: Throughput;
}

const exec = promisify(execFile);

/** One run of offline-parallel.js in a process of its own, with these V8 flags. */
async function parallelRun(flags: string[], args: string[]): Promise<ParallelRun> {
  const { stdout } = await exec(process.execPath, [
    ...flags,
    join(__dirname, 'offline-parallel.js'),
    ...args,
  ]);
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as ParallelRun;
}

function mean(runs: ParallelRun[]): { cold: Throughput; warm: Throughput } {
  const avg = (pick: (r: ParallelRun) => Throughput) => ({
    wall: runs.reduce((s, r) => s + pick(r).wall, 0) / runs.length,
    cpu: runs.reduce((s, r) => s + pick(r).cpu, 0) / runs.length,
  });
  return { cold: avg((r) => r.cold), warm: avg((r) => r.warm) };
}

async function main(): Promise<void> {
  const examples = history();
  log(`${examples.length} labelled examples`);
  let t = performance.now();
  const single = trainTextModel(examples, { folds: 0 });
  const trainSeconds = (performance.now() - t) / 1000;
  log(`one fit: ${round(trainSeconds, 2)} s, ${single.meta.vocabularySize} grams`);
  const bytes = JSON.stringify(single.toJSON()).length;

  const texts = examples.slice(0, 20_000).map((e) => e.text);
  t = performance.now();
  let checksum = 0;
  for (const text of texts) checksum += single.suggest(text, 3)[0].confidence;
  const suggestionsPerSecond = texts.length / ((performance.now() - t) / 1000);
  log(`suggest: ${round(suggestionsPerSecond)} texts/s`);

  const ctx = seedRoutingContext();
  const batch = items(ROUTED);
  const now = new Date('2026-11-20T02:00:00Z');
  const learned = { ...ctx, suggester: { suggester: single, threshold: single.threshold } };
  const run = (withModel: boolean) => {
    const c = withModel ? learned : ctx;
    const done = measure(ROUTED);
    for (const item of batch) checksum += routeWithModel(item, c, now).explanation.length;
    return done();
  };
  run(true); // warm-up: JIT and the gazetteer's first lookups
  const routedWithout = run(false);
  const routedWith = run(true);
  log(
    `routing: ${round(routedWithout.wall)} items/s without the model, ${round(routedWith.wall)} with ` +
      `(per CPU second: ${round(routedWithout.cpu)}, ${round(routedWith.cpu)})`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'minsheng-bench-learn-'));
  const warmFile = writeItems(dir, 'warm.jsonl', batch);
  const file = writeItems(dir, 'items.jsonl', items(OFFLINE_LINES));
  const local: ChunkRouter = { size: 1, route: (bytes, first) => routeChunk(bytes, first, learned, now) };
  const offlineCold = await offlineFile(warmFile, ROUTED, local);
  const offline = await offlineFile(file, OFFLINE_LINES, local);
  log(
    `offline router, one thread: ${round(offlineCold.wall)} lines/s over the first ${ROUTED} lines, then ` +
      `${round(offline.wall)} over ${OFFLINE_LINES} (${round(offline.cpu)} per CPU s)`,
  );
  const workers = Math.max(2, availableParallelism());
  const setupPath = join(dir, 'setup.bin');
  const setup: ParallelSetup = {
    model: single.state(),
    threshold: single.threshold,
    now: now.toISOString(),
    workers,
  };
  writeFileSync(setupPath, serialize(setup));
  // Each GC mode in its own process, alternating so a slow phase of the machine does not fall on one mode only.
  const parallelRuns: ParallelRun[] = [];
  for (const flags of [[WORKER_GC_FLAG], [], [], [WORKER_GC_FLAG]])
    parallelRuns.push(
      await parallelRun(flags, [setupPath, warmFile, String(ROUTED), file, String(OFFLINE_LINES)]),
    );
  rmSync(dir, { recursive: true, force: true });
  const cli = mean(parallelRuns.filter((r) => r.gc === 'single-threaded'));
  const defaultGc = mean(parallelRuns.filter((r) => r.gc === 'default'));
  log(
    `offline router, ${workers} worker threads as \`npm run route\` runs them (${WORKER_GC_FLAG}): ` +
      `${round(cli.cold.wall)} lines/s over the first ${ROUTED} lines, then ${round(cli.warm.wall)} over ` +
      `${OFFLINE_LINES} (${round(cli.warm.cpu)} per CPU s over all threads); V8's default GC: ` +
      `${round(defaultGc.cold.wall)}, then ${round(defaultGc.warm.wall)}`,
  );

  console.log(
    JSON.stringify({
      examples: examples.length,
      trainSeconds: round(trainSeconds, 2),
      modelBytes: bytes,
      vocabularySize: single.meta.vocabularySize,
      suggestionsPerSecond: Math.round(suggestionsPerSecond),
      routingPerSecondWithModel: Math.round(routedWith.wall),
      routingPerSecondWithoutModel: Math.round(routedWithout.wall),
      routingPerCpuSecondWithModel: Math.round(routedWith.cpu),
      routingPerCpuSecondWithoutModel: Math.round(routedWithout.cpu),
      offlineLines: OFFLINE_LINES,
      offlinePerSecondWithModel: Math.round(offline.wall),
      offlinePerCpuSecondWithModel: Math.round(offline.cpu),
      offlinePerSecondWithModelParallel: Math.round(cli.warm.wall),
      offlinePerCpuSecondWithModelParallel: Math.round(cli.warm.cpu),
      offlinePerSecondWithModelParallelDefaultGc: Math.round(defaultGc.warm.wall),
      offlineParallelRuns: parallelRuns.map((r) => ({
        gc: r.gc,
        firstLinesPerSecond: Math.round(r.cold.wall),
        perSecond: Math.round(r.warm.wall),
      })),
      offlineFirstLines: ROUTED,
      offlineFirstLinesPerSecond: Math.round(offlineCold.wall),
      offlineFirstLinesPerSecondParallel: Math.round(cli.cold.wall),
      parallelWorkers: workers,
      checksum: round(checksum % 1000, 3),
    }),
  );
}

void main();
