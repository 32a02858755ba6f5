import 'reflect-metadata';
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { type Decision, type RoutedTicketV1 } from '@minsheng/shared/contracts';
import { createDataSource } from '@minsheng/shared/db';
import { parseHistory, trainTextModel } from '@minsheng/learning';
import { ReferenceDataRepository, type RoutingContext, seedRoutingContext } from '@minsheng/routing';
import { type LearnedRoutingContext, routeWithModel } from '@minsheng/routing/learned';
import { offlineItem } from './offline-item';

/**
 * `npm run -s route -- [--history HISTORY.jsonl] FILE.jsonl`: one RoutedTicket JSON line per input line on
 * stdout, nothing else there (diagnostics go to stderr). Uses the published rule set of DATABASE_URL when a
 * database answers, else the default pack from the seed data. With --history, a model trained on those decided
 * appeals routes what no rule decides (docs/decisions/018-learned-routing.md).
 */
async function loadContext(): Promise<RoutingContext> {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/minsheng';
  const ds = createDataSource(url, { poolSize: 2, applicationName: 'minsheng-route' });
  try {
    await Promise.race([
      ds.initialize(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000)),
    ]);
    if (await ds.showMigrations()) throw new Error('database has pending migrations');
    const ctx = await new ReferenceDataRepository(ds).loadContext();
    process.stderr.write(`route: published rule set ${ctx.rules.version} from the database\n`);
    return ctx;
  } catch (e) {
    process.stderr.write(
      `route: no usable database (${(e as Error).message}); using the default rule pack\n`,
    );
    return seedRoutingContext();
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }
}

function failed(id: string, message: string, ruleSetVersion: number, now: Date): Decision {
  return {
    jurisdiction: { codes: {}, method: 'none', confidence: 0 },
    co: [],
    tags: [],
    returnedBy: [],
    grade: 'general',
    ruleSetVersion,
    matchedRules: [],
    explanation: [`item ${id} could not be routed: ${message}`],
    mode: 'triage',
    reason: 'no_department',
    decidedAt: now.toISOString(),
  };
}

/** The model comes with its held-out threshold; nothing else about routing changes. */
function withHistory(ctx: RoutingContext, history: string | undefined): LearnedRoutingContext {
  if (!history) return ctx;
  const started = Date.now();
  const { examples, skipped } = parseHistory(readFileSync(history, 'utf8'));
  const model = trainTextModel(examples);
  process.stderr.write(
    `route: model ${model.version} trained on ${examples.length} decided appeals (${skipped} lines skipped) in ${
      (Date.now() - started) / 1000
    } s, threshold ${model.threshold}\n`,
  );
  return { ...ctx, suggester: { suggester: model, threshold: model.threshold } };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--history');
  const history = at >= 0 ? args[at + 1] : undefined;
  const file = args.filter((_, i) => at < 0 || (i !== at && i !== at + 1))[0];
  if (!file || (at >= 0 && !history)) {
    process.stderr.write('usage: npm run -s route -- [--history HISTORY.jsonl] FILE.jsonl\n');
    process.exit(2);
  }
  const ctx = withHistory(await loadContext(), history);
  const now = new Date();
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  let buffer = '';
  for await (const line of lines) {
    if (!line.trim()) continue;
    n += 1;
    let ticket: RoutedTicketV1 | { id: string; decision: Decision };
    try {
      const item = offlineItem(JSON.parse(line) as Parameters<typeof offlineItem>[0], now);
      ticket = { schemaVersion: 1, item, decision: routeWithModel(item, ctx, now), decisionRevision: 1 };
    } catch (e) {
      // One bad line must not cost the others their answer: it gets a triage decision saying why.
      const id = (/"id"\s*:\s*"?([^",}]+)/.exec(line)?.[1] ?? `line-${n}`).trim();
      ticket = { id, decision: failed(id, (e as Error).message, ctx.rules.version, now) };
    }
    buffer += `${JSON.stringify(ticket)}\n`;
    if (buffer.length > 1 << 16) {
      if (!process.stdout.write(buffer)) await new Promise((r) => process.stdout.once('drain', r));
      buffer = '';
    }
  }
  process.stdout.write(buffer);
  process.stderr.write(`route: ${n} items\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`route: ${(e as Error).message}\n`);
  process.exit(1);
});
