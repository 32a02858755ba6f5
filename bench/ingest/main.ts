import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { topicName } from '../../libs/shared/src/contracts';
import { createDataSource, ensureDatabase, migrate } from '../../libs/shared/src/db';
import { ensureTopics } from '../../libs/shared/src/kafka';
import { generateWorkOrders } from '../../test/simulator/hotline-orders';
import { startSimulator } from '../../test/simulator/simulator';
import { AppProcess } from '../../test/support/app-process';
import { deleteTopics, testKafka, topicEndOffsets } from '../../test/support/kafka-helpers';
import { REPO } from '../../test/support/paths';

/*
 * Ingest benchmark: `npm run -s bench:ingest -- --items N`. The simulator serves N 12345 work orders; the
 * connectors app (built output, a child process) pulls them in pages of 500 through the one-transaction ingest,
 * and the outbox relay publishes them. Timed from the connectors being ready to N records on appeal.items.v1;
 * peak RSS is the connectors process's high-water mark (VmHWM). Progress on stderr, one JSON line on stdout.
 */
const log = (m: string) => console.error(`[bench:ingest] ${m}`);
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('items', 10000);

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

async function main(): Promise<void> {
  execFileSync('bash', [join(REPO, 'scripts', 'kafka.sh'), 'up'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  const dbUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/minsheng_bench_ingest';
  await ensureDatabase(dbUrl);
  const ds = createDataSource(dbUrl, { poolSize: 2 });
  await ds.initialize();
  await ds.query(`DROP SCHEMA public CASCADE; CREATE SCHEMA public`);
  await migrate(ds);
  const prefix = `bench-ingest-${Date.now()}.`;
  const kafka = testKafka(brokers);
  await ensureTopics(kafka, prefix);

  log(`generating ${N} work orders`);
  const sim = await startSimulator({ port: 0, orders: generateWorkOrders(N, 5).map((g) => g.order) });
  await ds.query(
    `INSERT INTO connector_instances (id, type, name, config, schedule) VALUES ('bench-hotline', 'hotline_12345', 'bench', $1, '*/1 * * * * *')`,
    [JSON.stringify({ baseUrl: sim.url, token: sim.token, pageSize: 500 })],
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

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
