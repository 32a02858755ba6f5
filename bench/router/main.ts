import '../../libs/shared/src/read-committed';
import { type Kafka } from 'kafkajs';
import { type AppealItemV1, topicName } from '../../libs/shared/src/contracts';
import { createDataSource } from '../../libs/shared/src/db';
import { createMissingTopics } from '../../libs/shared/src/kafka';
import { itemsFromOrders } from '../../test/fixtures/items-from-orders';
import { AppProcess } from '../../test/support/app-process';
import { deleteTopics } from '../../test/support/kafka-helpers';
import { benchLog, numberArg, runBench } from '../bench-kit';
import { startKafkaBench } from '../kafka-bench';
import { loadavg } from 'node:os';
import { OutputWatch, percentile, perSecond } from './output-watch';
import { runPassthrough } from './passthrough';
import { cpuMsPerItem, machineCpu } from './machine-cpu';

/*
 * Router benchmark: `npm run -s bench:router [-- --items N --replicas R --paced M --rate S --passthrough 1]`, on the
 * real Kafka and PostgreSQL, items on 6 partitions.
 * 1. (--passthrough 1) A kafkajs consume → produce passthrough with chunked transactions: the ceiling.
 * 2. R router processes (built output, children; default 1, the router's default configuration) over N items.
 *    Throughput = outputs per second between the first and the last output record; exactly-once is checked: N
 *    decisions stored, N distinct outputs, none twice.
 * 3. Latency: M items produced at S/s while the routers run; output time − input time, p50 and p99, and the p99 of
 *    each second's items (`pacedP99MsBySecond`); `bulkOutputsPerSecond` shows how the rate swung within step 2.
 * The CPU time (user + system, from the routers being ready until the N-th output) per item of the routers and of
 * every other process on the machine (machine-cpu.ts), and the load average, say how much of the rate is the
 * router's own cost on a shared machine. ROUTER_NODE_ARGS passes V8 flags to the routers.
 * ROUTER_CPU_PROF_DIR=/tmp/prof writes each router's CPU profile (node --cpu-prof) there when it stops.
 * Progress on stderr; one JSON line last on stdout.
 */
const log = benchLog('router');
const N = numberArg('items', 20000);
const PACED = numberArg('paced', 2500);
const PACE_PER_SEC = numberArg('rate', 500);
const REPLICAS = numberArg('replicas', 1);
const PASSTHROUGH = numberArg('passthrough', 0) > 0;
const CHUNK = 500;

async function produce(kafka: Kafka, topic: string, items: AppealItemV1[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  for (let i = 0; i < items.length; i += 1000) {
    await producer.send({
      topic,
      messages: items.slice(i, i + 1000).map((it) => ({ key: it.id, value: JSON.stringify(it) })),
    });
  }
  await producer.disconnect();
}

async function passthrough(kafka: Kafka, prefix: string): Promise<number> {
  const passOut = `${prefix}bench.passthrough`;
  await createMissingTopics(kafka, [{ topic: passOut, numPartitions: 6, replicationFactor: 1 }]);
  const watch = new OutputWatch(kafka, [passOut]);
  await watch.start();
  await runPassthrough(kafka, {
    input: topicName('items', prefix),
    output: passOut,
    groupId: `${prefix}passthrough`,
    chunk: CHUNK,
    expected: N,
  });
  await watch.waitFor(N, 120000);
  await watch.stop();
  return watch.rate();
}

async function producePaced(
  kafka: Kafka,
  topic: string,
  paced: AppealItemV1[],
): Promise<Map<string, number>> {
  const sentAt = new Map<string, number>();
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  const step = Math.max(1, Math.round(PACE_PER_SEC / 20));
  const start = Date.now();
  for (let i = 0; i < paced.length; i += step) {
    // Paced against the clock, so a slow send does not lower the rate.
    const due = start + (i / PACE_PER_SEC) * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    const slice = paced.slice(i, i + step);
    const now = Date.now();
    slice.forEach((it) => sentAt.set(it.id, now));
    await producer.send({
      topic,
      messages: slice.map((it) => ({ key: it.id, value: JSON.stringify(it), timestamp: String(now) })),
    });
  }
  await producer.disconnect();
  return sentAt;
}

async function main(): Promise<void> {
  const { brokers, dbUrl, ds, kafka, prefix } = await startKafkaBench(
    'router',
    'postgres://postgres@127.0.0.1:5432/minsheng_bench',
  );
  await ds.destroy();
  const items = itemsFromOrders(N + PACED, 97);
  const [bulk, paced] = [items.slice(0, N), items.slice(N)];
  log(`producing ${N} items`);
  await produce(kafka, topicName('items', prefix), bulk);

  let passthroughPerSec: number | undefined;
  if (PASSTHROUGH) {
    passthroughPerSec = await passthrough(kafka, prefix);
    log(`passthrough ${Math.round(passthroughPerSec)}/s`);
  }

  log(`${REPLICAS} router process(es)`);
  const watch = new OutputWatch(kafka, [topicName('routed', prefix), topicName('triage', prefix)]);
  await watch.start();
  const profileDir = process.env.ROUTER_CPU_PROF_DIR;
  const routers = Array.from(
    { length: REPLICAS },
    () =>
      new AppProcess(
        'router',
        {
          DATABASE_URL: dbUrl,
          KAFKA_BROKERS: brokers,
          KAFKA_TOPIC_PREFIX: prefix,
          LOG_LEVEL: 'info',
          // Replicas on one host: each its own metrics port, or the second one fails to listen.
          ROUTER_HTTP_PORT: '0',
        },
        [
          ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
          ...(process.env.ROUTER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
        ],
      ),
  );
  const db = createDataSource(dbUrl, { poolSize: 1 });
  await db.initialize();
  try {
    await Promise.all(routers.map((r) => r.start()));
    const pids = routers.map((r) => r.pid ?? 0);
    const machineBefore = machineCpu(pids);
    await watch.waitFor(N, 600000);
    const machineMsPerItem = cpuMsPerItem(machineBefore, machineCpu(pids), N);
    const routerMsPerItem = machineMsPerItem.router as number | undefined;
    const routerPerSec = watch.rate();
    const bulkOutputsPerSecond = perSecond([...watch.times.values()]);
    const load = loadavg()[0];
    log(`router ${Math.round(routerPerSec)}/s, ${routerMsPerItem ?? '?'} CPU ms per item`);

    log(`latency: ${PACED} items at ${PACE_PER_SEC}/s`);
    const sentAt = await producePaced(kafka, topicName('items', prefix), paced);
    await watch.waitFor(N + PACED, 120000);
    await new Promise((r) => setTimeout(r, 1000));
    const latencies = paced.map((it) => (watch.times.get(it.id) ?? NaN) - (sentAt.get(it.id) ?? NaN));
    // p99 of the items sent in each second of the paced phase: a stall shows as one bad second, a slow cycle as all.
    const firstSent = Math.min(...sentAt.values());
    const bySecond: number[][] = [];
    paced.forEach((it, i) => {
      const s = Math.floor(((sentAt.get(it.id) ?? firstSent) - firstSent) / 1000);
      (bySecond[s] ??= []).push(latencies[i]);
    });
    const [stored] = await db.query<{ n: string }[]>(`SELECT count(*) AS n FROM routing_decisions`);
    const result = {
      items: N,
      replicas: REPLICAS,
      ...(passthroughPerSec ? { passthroughPerSec: Math.round(passthroughPerSec) } : {}),
      routerPerSec: Math.round(routerPerSec),
      ...(routerMsPerItem !== undefined ? { routerCpuMsPerItem: routerMsPerItem } : {}),
      loadAvg1m: Number(load.toFixed(1)),
      machineCpuMsPerItem: machineMsPerItem,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      pacedP99MsBySecond: Array.from(bySecond, (l) => (l ? percentile(l, 99) : null)),
      bulkOutputsPerSecond,
      decisionsStored: Number(stored.n),
      outputs: watch.count,
      distinctOutputs: watch.times.size,
      exactlyOnce:
        Number(stored.n) === N + PACED && watch.count === N + PACED && watch.times.size === N + PACED,
    };
    console.log(JSON.stringify(result));
  } finally {
    await Promise.all(routers.map((r) => r.kill('SIGTERM')));
    await watch.stop();
    await db.destroy();
    await deleteTopics(kafka, prefix).catch(() => undefined);
  }
}

runBench(main);
