import { Client } from 'pg';
import { loadConfig } from '../../libs/shared/src/config';
import { startSimulator } from '../../test/simulator/simulator';
import { Cleanup } from './cleanup';
import { openDatabase } from './database';
import { insertDemoConnector, resetDemoState } from './demo-data';
import { ensureKafka, prepareTopics } from './kafka';
import { explainIncomplete, watchFlow } from './progress';
import { AppFailure, AppProcess, assertAllRunning, type AppName } from './services';
import { showApiAccess } from './api-access';
import { printSample, printSummary } from './summary';
import { bold, detail, dim, errorMessage, failure, green, red, redactUrl, step, yellow } from './ui';

/**
 * `npm run demo`: Kafka, PostgreSQL (or an embedded PGlite), the 12345 simulator and the three apps, then the
 * flow watched until 500 work orders are pulled and routed, a summary, and everything left running until Ctrl-C.
 *
 * DEMO_EXIT_AFTER_SUMMARY=1 stops everything right after the summary and exits 0 only if the flow completed
 * (CI uses it to prove the demo works on a fresh machine).
 */

const READY_TIMEOUT_MS = 60000;
const FLOW_TIMEOUT_MS = 120000;
const APPS: AppName[] = ['router', 'gateway', 'connectors'];

interface DemoResult {
  complete: boolean;
  gatewayUrl: string;
  apps: AppProcess[];
}

const cleanup = new Cleanup();
let stopping = false;

async function runDemo(): Promise<DemoResult> {
  // The demo is a development run by definition, so it (and the apps it starts) may use the built-in keys; an
  // operator who exported another NODE_ENV gets the fail-closed start-up error instead (decision 023).
  process.env.NODE_ENV ??= 'development';
  const config = loadConfig();
  console.log(`${bold('Minsheng Hub demo')} — 阜阳市 12345 hotline work orders pulled, routed and served`);

  step(1, 'Kafka', `broker at ${config.KAFKA_BROKERS}`);
  await ensureKafka(config.KAFKA_BROKERS, cleanup);

  step(2, 'PostgreSQL', redactUrl(config.DATABASE_URL));
  const db = await openDatabase(config.DATABASE_URL, cleanup);
  const client = new Client({ connectionString: db.url, application_name: 'minsheng-demo' });
  await client.connect();
  cleanup.add('database connection', () => client.end());

  step(3, 'Simulator', '阜阳市 12345 hotline API with 500 generated work orders');
  const sim = await startSimulator({ port: 0 });
  cleanup.add('simulator', () => sim.close());
  const expected = sim.orders().length;
  detail(`${sim.url} (token ${sim.token})`);

  step(4, 'Demo data', 'fresh runtime tables, fresh topics, one connector instance');
  await resetDemoState(client);
  detail('runtime tables emptied (reference data kept)');
  // A new prefix per run: the router's consumer group starts from nothing, so old messages cannot leak in.
  const prefix = `demo-${Date.now()}.`;
  const { pruned } = await prepareTopics(config.KAFKA_BROKERS, prefix);
  detail(`topics ${prefix}appeal.*${pruned ? ` (deleted ${pruned} topics of earlier demo runs)` : ''}`);
  await insertDemoConnector(db.url, sim);
  detail(`connector hotline-12345-fuyang (hotline_12345) pulls ${sim.url} every 5 s, 100 per page`);

  step(5, 'Apps', APPS.join(', '));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: db.url,
    KAFKA_BROKERS: config.KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: prefix,
    GATEWAY_PORT: String(config.GATEWAY_PORT),
  };
  const apps = APPS.map((name) => new AppProcess(name, env));
  cleanup.add('apps', async () => {
    await Promise.all(apps.map((a) => a.stop()));
  });
  for (const app of apps) app.start();
  await Promise.all(apps.map((a) => a.ready(READY_TIMEOUT_MS)));
  detail(`all ready; full logs in .run/demo-logs/{${APPS.join(',')}}.log`);

  step(6, 'Flow', `simulator → connectors → outbox → Kafka → router (up to ${FLOW_TIMEOUT_MS / 1000} s)`);
  const flow = await watchFlow(client, expected, FLOW_TIMEOUT_MS, () => assertAllRunning(apps));
  if (flow.complete) {
    detail(green(`all ${expected} appeals pulled and decided in ${Math.round(flow.elapsedMs / 1000)} s`));
  } else {
    detail(red(`not complete after ${FLOW_TIMEOUT_MS / 1000} s:`));
    for (const line of await explainIncomplete(client, flow.counts, expected)) detail(`  - ${line}`);
  }

  step(7, 'Summary', 'where the appeals went');
  const gatewayUrl = `http://${config.GATEWAY_HOST}:${config.GATEWAY_PORT}`;
  const sample = await printSummary(client, flow.counts);
  let served = false;
  if (sample) {
    printSample(sample, gatewayUrl);
    served = await showApiAccess(client, gatewayUrl, sample);
  }
  return { complete: flow.complete && served, gatewayUrl, apps };
}

async function stopAndExit(code: number): Promise<never> {
  stopping = true;
  console.log(dim('\nstopping everything the demo started …'));
  await cleanup.runAll();
  process.exit(code);
}

/** Step 8: keep serving until Ctrl-C; an app that dies meanwhile is reported, the others keep running. */
function keepRunning(result: DemoResult): void {
  step(8, 'Running', 'the hub stays up so you can query it');
  console.log(`\n${bold(`Gateway up at ${result.gatewayUrl}`)} — press Ctrl-C to stop`);
  for (const app of result.apps) {
    void app.whenExited().then(() => {
      if (stopping) return;
      console.log(yellow(`\n${app.name} stopped (${app.exitDescription()}); last lines of ${app.logPath}:`));
      detail(app.tail().join('\n'));
    });
  }
}

function onSignal(signal: NodeJS.Signals): void {
  if (stopping) {
    // A second Ctrl-C means "now": whatever is still stopping is left as it is.
    console.error(red(`\n${signal} again — exiting without waiting for cleanup`));
    process.exit(1);
  }
  if (process.stdout.isTTY) process.stdout.write('\n');
  void stopAndExit(0);
}

/** Whatever goes wrong, the demo must not exit leaving its apps orphaned (they would hold port 3000). */
function stopOnCrash(): void {
  // `npm run demo | head` closes our stdout; unhandled, the EPIPE would kill the demo and orphan the apps.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', () => {
      if (!stopping) void stopAndExit(1);
    });
  }
  const crash = (e: unknown): void => {
    if (stopping) return;
    failure(`unexpected error: ${errorMessage(e)}`);
    void stopAndExit(1);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
}

async function main(): Promise<void> {
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  stopOnCrash();
  let result: DemoResult;
  try {
    result = await runDemo();
  } catch (e) {
    // A signal's cleanup makes the running step fail (apps stopped, connection closed); that is not an error.
    if (stopping) return;
    failure(errorMessage(e));
    if (e instanceof AppFailure) {
      console.error(`\nlast lines of ${e.app.logPath}:`);
      for (const line of e.app.tail()) console.error(`  ${line}`);
    }
    await stopAndExit(1);
    return;
  }
  if (stopping) return;
  if (process.env.DEMO_EXIT_AFTER_SUMMARY === '1') {
    step(
      8,
      'Exit',
      `DEMO_EXIT_AFTER_SUMMARY=1, flow ${result.complete ? 'complete: exit 0' : 'incomplete: exit 1'}`,
    );
    await stopAndExit(result.complete ? 0 : 1);
    return;
  }
  keepRunning(result);
}

void main();
