import { performance } from 'node:perf_hooks';
import { appealText, type LabelledText, trainTextModel } from '../../libs/learning/src';
import { routeWithModel } from '../../libs/routing/src/learned';
import { seedRoutingContext } from '../../libs/routing/src/reference/seed-context';
import { type AppealItemV1 } from '../../libs/shared/src/contracts';
import { generateAppeals } from '../rules/appeal-corpus';
import { round } from '../rules/measure';

/*
 * `npm run -s bench:learn`: training time on 100,000 decided appeals (one fit; with k folds for the threshold
 * and the held-out figures training costs k + 1 fits), suggestion throughput, and the offline router's
 * throughput with the model consulted on every item. Progress on stderr; one JSON line last on stdout.
 * The history is what the platform itself produces: generated appeals labelled with the department the default
 * rule pack routes them to.
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

function main(): void {
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
  const run = (withModel: boolean) => {
    const c = withModel ? { ...ctx, suggester: { suggester: single, threshold: single.threshold } } : ctx;
    const start = performance.now();
    for (const item of batch) checksum += routeWithModel(item, c, now).explanation.length;
    return ROUTED / ((performance.now() - start) / 1000);
  };
  run(true); // warm-up: JIT and the gazetteer's first lookups
  const routedWithout = run(false);
  const routedWith = run(true);
  log(`routing: ${round(routedWithout)} items/s without the model, ${round(routedWith)} with`);

  console.log(
    JSON.stringify({
      examples: examples.length,
      trainSeconds: round(trainSeconds, 2),
      modelBytes: bytes,
      vocabularySize: single.meta.vocabularySize,
      suggestionsPerSecond: Math.round(suggestionsPerSecond),
      routingPerSecondWithModel: Math.round(routedWith),
      routingPerSecondWithoutModel: Math.round(routedWithout),
      checksum: round(checksum % 1000, 3),
    }),
  );
}

main();
