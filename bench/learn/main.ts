import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { ParallelRouter } from '../../apps/router/src/offline/parallel-router';
import { routeLine } from '../../apps/router/src/offline/route-line';
import { appealText, type LabelledText, type TextModel, trainTextModel } from '../../libs/learning/src';
import { type LearnedRoutingContext, routeWithModel } from '../../libs/routing/src/learned';
import { seedContextSource, seedRoutingContext } from '../../libs/routing/src/reference/seed-context';
import { type AppealItemV1 } from '../../libs/shared/src/contracts';
import { generateAppeals } from '../rules/appeal-corpus';
import { round } from '../rules/measure';

/*
 * `npm run -s bench:learn`: training time on 100,000 decided appeals (one fit; with k folds for the threshold
 * and the held-out figures training costs k + 1 fits), suggestion throughput, and the offline router's
 * throughput with the model consulted on every item. Progress on stderr; one JSON line last on stdout.
 * The history is what the platform itself produces: generated appeals labelled with the department the default
 * rule pack routes them to.
 *
 * Routing figures: routeWithModel on one thread in items per wall-clock second (the machine may be shared) and per
 * CPU second of this process (less sensitive to other load); the offline router's own path (`npm run route`:
 * JSON line in, routed ticket line out) on one thread and on worker threads, one per core, in items per
 * wall-clock second from the first batch sent to the last line back (workers started beforehand).
 */

const EXAMPLES = Number(process.env.BENCH_LEARN_EXAMPLES ?? 100_000);
const ROUTED = 20_000;
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

/** The offline router's per-line path on this thread: parse, route with the model, serialise. */
function offlineLines(batch: AppealItemV1[], ctx: LearnedRoutingContext, now: Date): Throughput {
  const lines = batch.map((item) => JSON.stringify(item));
  let bytes = 0;
  const done = measure(lines.length);
  lines.forEach((line, i) => (bytes += routeLine(line, i + 1, ctx, now).length));
  return bytes > 0 ? done() : { wall: 0, cpu: 0 };
}

interface Throughput {
  /** Items per wall-clock second. */
  wall: number;
  /** Items per CPU second of this process, all its threads (workers included). */
  cpu: number;
}

function measure(items: number): () => Throughput {
  const start = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return {
      wall: items / ((performance.now() - start) / 1000),
      cpu: items / ((used.user + used.system) / 1e6),
    };
  };
}

/** The same lines through the offline router's worker threads, twice over (the first pass warms them up). */
async function offlineParallel(
  batch: AppealItemV1[],
  model: TextModel,
  now: Date,
  workers: number,
): Promise<Throughput> {
  const lines = batch.map((item) => JSON.stringify(item));
  const router = await ParallelRouter.start(workers, {
    source: seedContextSource(),
    model: model.state(),
    threshold: model.threshold,
    now: now.toISOString(),
  });
  const pass = async () => {
    const sent: Promise<Uint8Array>[] = [];
    for (let i = 0; i < lines.length; i += 256) sent.push(router.route(lines.slice(i, i + 256), i + 1));
    let bytes = 0;
    for (const out of sent) bytes += (await out).length;
    return bytes;
  };
  await pass();
  const done = measure(lines.length);
  await pass();
  const figures = done();
  await router.close();
  return figures;
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
    const start = performance.now();
    const cpu = process.cpuUsage();
    for (const item of batch) checksum += routeWithModel(item, c, now).explanation.length;
    const used = process.cpuUsage(cpu);
    return {
      wall: ROUTED / ((performance.now() - start) / 1000),
      cpu: ROUTED / ((used.user + used.system) / 1e6),
    };
  };
  run(true); // warm-up: JIT and the gazetteer's first lookups
  const routedWithout = run(false);
  const routedWith = run(true);
  log(
    `routing: ${round(routedWithout.wall)} items/s without the model, ${round(routedWith.wall)} with ` +
      `(per CPU second: ${round(routedWithout.cpu)}, ${round(routedWith.cpu)})`,
  );
  const offline = offlineLines(batch, learned, now);
  log(
    `offline router, one thread: ${round(offline.wall)} lines/s with the model (${round(offline.cpu)} per CPU s)`,
  );
  const workers = Math.max(2, availableParallelism());
  const parallel = await offlineParallel(batch, single, now, workers);
  log(
    `offline router, ${workers} worker threads: ${round(parallel.wall)} lines/s with the model ` +
      `(${round(parallel.cpu)} per CPU s over all threads)`,
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
      offlinePerSecondWithModel: Math.round(offline.wall),
      offlinePerCpuSecondWithModel: Math.round(offline.cpu),
      offlinePerSecondWithModelParallel: Math.round(parallel.wall),
      offlinePerCpuSecondWithModelParallel: Math.round(parallel.cpu),
      parallelWorkers: workers,
      checksum: round(checksum % 1000, 3),
    }),
  );
}

void main();
