import { readFileSync } from 'node:fs';
import { topicName } from '../../libs/shared/src/contracts';
import { ConnectorInstancesRepository } from '../../libs/shared/src/connectors-store';
import { generateWorkOrders } from '../../test/simulator/hotline-orders';
import { startSimulator } from '../../test/simulator/simulator';
import { AppProcess } from '../../test/support/app-process';
import { deleteTopics, topicEndOffsets } from '../../test/support/kafka-helpers';
import { benchLog, numberArg, runBench } from '../bench-kit';
import { startKafkaBench } from '../kafka-bench';

/*
 * Ingest benchmark: `npm run -s bench:ingest -- --items N`. The simulator serves N 12345 work orders; the
 * connectors app (built output, a child process) pulls them in pages of 500 through the one-transaction ingest,
 * and the outbox relay publishes them. Timed from the connectors being ready to N records on appeal.items.v1;
 * peak RSS is the connectors process's high-water mark (VmHWM). Progress on stderr, one JSON line on stdout.
 */
const log = benchLog('ingest');
const N = numberArg('items', 10000);

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

async function main(): Promise<void> {
  const { brokers, dbUrl, ds, kafka, prefix } = await startKafkaBench(
    'ingest',
    'postgres://postgres@127.0.0.1:5432/minsheng_bench_ingest',
  );

  log(`generating ${N} work orders`);
  const sim = await startSimulator({ port: 0, orders: generateWorkOrders(N, 5).map((g) => g.order) });
  const instances = new ConnectorInstancesRepository(ds);
  await instances.transaction((tx) =>
    instances.insert(tx, {
      id: 'bench-hotline',
      type: 'hotline_12345',
      name: 'bench',
      config: { baseUrl: sim.url, token: sim.token, pageSize: 500 },
      schedule: '*/1 * * * * *',
      enabled: true,
    }),
  );
  const connectors = new AppProcess('connectors', {
    DATABASE_URL: dbUrl,
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC_PREFIX: prefix,
    OUTBOX_BATCH_SIZE: '1000',
    OUTBOX_POLL_MS: '50',
    LOG_LEVEL: 'info',
  });
  try {
    await connectors.start();
    const waitingSince = Date.now();
    const topic = topicName('items', prefix);
    for (;;) {
      const published = await topicEndOffsets(kafka, topic);
      if (published >= N) break;
      if (Date.now() - waitingSince > 30 * 60 * 1000)
        throw new Error(`only ${published} of ${N} after 30 min`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const done = Date.now();
    // From the first pull's start (the cron tick, not process start-up) to the last item on Kafka.
    const [{ started }] = await ds.query<{ started: Date }[]>(
      `SELECT min(started_at) AS started FROM connector_runs`,
    );
    const seconds = (done - new Date(started).getTime()) / 1000;
    const pid = connectors.pid;
    const result = {
      items: N,
      seconds: Math.round(seconds * 10) / 10,
      itemsPerSec: Math.round(N / seconds),
      peakRssMb: pid ? peakRssMb(pid) : null,
    };
    console.log(JSON.stringify(result));
  } finally {
    await connectors.kill('SIGTERM');
    await sim.close();
    await ds.destroy();
    await deleteTopics(kafka, prefix).catch(() => undefined);
  }
}

runBench(main);
