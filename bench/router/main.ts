import { type Kafka } from 'kafkajs';
import { type AppealItemV1, topicName } from '../../libs/shared/src/contracts';
import { itemsFromOrders } from '../../test/fixtures/items-from-orders';
import { AppProcess } from '../../test/support/app-process';
import { deleteTopics } from '../../test/support/kafka-helpers';
import { benchLog, numberArg, runBench } from '../bench-kit';
import { startKafkaBench } from '../kafka-bench';
import { OutputWatch, percentile } from './output-watch';
import { runPassthrough } from './passthrough';

/*
 * Router benchmark: `npm run -s bench:router [-- --items N]`, on the real Kafka and PostgreSQL in one run.
 * 1. A kafkajs consume → produce passthrough with the router's chunked transactions, over N items.
 * 2. The router app (built output, a child process) over the same N items.
 * Throughput of each = outputs per second between the first and the last output record.
 * 3. Latency: items produced at a steady pace while the router runs; output time − input time, p50 and p99.
 * Progress on stderr; one JSON line last on stdout.
 */
const log = benchLog('router');
const N = numberArg('items', 20000);
const PACED = numberArg('paced', 2000);
const PACE_PER_SEC = numberArg('rate', 400);
const CHUNK = 100;

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

async function main(): Promise<void> {
  const { brokers, dbUrl, ds, kafka, prefix } = await startKafkaBench(
    'router',
    'postgres://postgres@127.0.0.1:5432/minsheng_bench',
  );
  await ds.destroy();
  const passOut = `${prefix}bench.passthrough`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic: passOut, numPartitions: 6, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  await admin.disconnect();

  const items = itemsFromOrders(N + PACED, 97);
  const [bulk, paced] = [items.slice(0, N), items.slice(N)];
  log(`producing ${N} items`);
  await produce(kafka, topicName('items', prefix), bulk);

  log('passthrough');
  const passWatch = new OutputWatch(kafka, [passOut]);
  await passWatch.start();
  await runPassthrough(kafka, {
    input: topicName('items', prefix),
    output: passOut,
    groupId: `${prefix}passthrough`,
    chunk: CHUNK,
    expected: N,
  });
  await passWatch.waitFor(N, 120000);
  const passthroughPerSec = passWatch.rate();
  await passWatch.stop();
  log(`passthrough ${Math.round(passthroughPerSec)}/s`);

  log('router');
  const watch = new OutputWatch(kafka, [topicName('routed', prefix), topicName('triage', prefix)]);
  await watch.start();
  const router = new AppProcess('router', {
    DATABASE_URL: dbUrl,
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC_PREFIX: prefix,
    ROUTER_CHUNK_SIZE: String(CHUNK),
    LOG_LEVEL: 'info',
  });
  try {
    await router.start();
    await watch.waitFor(N, 600000);
    const routerPerSec = watch.rate();
    log(`router ${Math.round(routerPerSec)}/s`);

    log(`latency: ${PACED} items at ${PACE_PER_SEC}/s`);
    const sentAt = new Map<string, number>();
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    const step = Math.max(1, Math.round(PACE_PER_SEC / 20));
    for (let i = 0; i < paced.length; i += step) {
      const slice = paced.slice(i, i + step);
      const now = Date.now();
      slice.forEach((it) => sentAt.set(it.id, now));
      await producer.send({
        topic: topicName('items', prefix),
        messages: slice.map((it) => ({ key: it.id, value: JSON.stringify(it), timestamp: String(now) })),
      });
      await new Promise((r) => setTimeout(r, 50));
    }
    await producer.disconnect();
    await watch.waitFor(N + PACED, 120000);
    const latencies = paced.map((it) => (watch.times.get(it.id) ?? NaN) - (sentAt.get(it.id) ?? NaN));
    const result = {
      items: N,
      passthroughPerSec: Math.round(passthroughPerSec),
      routerPerSec: Math.round(routerPerSec),
      ratio: Math.round((routerPerSec / passthroughPerSec) * 100) / 100,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
    };
    console.log(JSON.stringify(result));
  } finally {
    await router.kill('SIGTERM');
    await watch.stop();
    await deleteTopics(kafka, prefix).catch(() => undefined);
  }
}

runBench(main);
