import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kafka } from 'kafkajs';
import { type DataSource } from 'typeorm';
import { topicName } from '../../libs/shared/src/contracts';
import { ConnectorInstancesRepository } from '../../libs/shared/src/connectors-store';
import { generateWorkOrders, type HotlineWorkOrder } from '../../test/simulator/hotline-orders';
import { type Simulator, startSimulator } from '../../test/simulator/simulator';
import { AppProcess } from '../../test/support/app-process';
import { deleteTopics, topicEndOffsets } from '../../test/support/kafka-helpers';
import { media } from '../../test/support/media-files';
import { benchLog, numberArg, runBench } from '../bench-kit';
import { startKafkaBench } from '../kafka-bench';

/*
 * Ingest benchmark: `npm run -s bench:ingest -- --items N`. The simulator serves N 12345 work orders; the
 * connectors app (built output, a child process) pulls them in pages of 500 through the one-transaction ingest,
 * and the outbox relay publishes them. Timed from the first pull to N records on appeal.items.v1; peak RSS is the
 * connectors process's high-water mark (VmHWM). Then, in the same run and process, N more orders of which 10 % carry
 * one distinct 200 KB picture (decision 021): items/s as before, and blob MB/s from the first pull to the last
 * picture stored. Progress on stderr, one JSON line on stdout.
 */
const log = benchLog('ingest');
const N = numberArg('items', 10000);
const IMAGE_BYTES = 200 * 1024;
const ATTACHMENT_SHARE = 10;
const TIMEOUT_MS = 30 * 60 * 1000;

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

async function until(what: string, done: () => Promise<boolean>): Promise<number> {
  const since = Date.now();
  while (!(await done())) {
    if (Date.now() - since > TIMEOUT_MS) throw new Error(`${what} not done after 30 min`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now();
}

async function addInstance(ds: DataSource, id: string, sim: Simulator): Promise<void> {
  const instances = new ConnectorInstancesRepository(ds);
  await instances.transaction((tx) =>
    instances.insert(tx, {
      id,
      type: 'hotline_12345',
      name: id,
      config: { baseUrl: sim.url, token: sim.token, pageSize: 500 },
      schedule: '*/1 * * * * *',
      enabled: true,
    }),
  );
}

async function firstPull(ds: DataSource, id: string): Promise<number> {
  const [{ started }] = await ds.query<{ started: Date }[]>(
    `SELECT min(started_at) AS started FROM connector_runs WHERE connector_id = $1`,
    [id],
  );
  return new Date(started).getTime();
}

const published = (kafka: Kafka, prefix: string, n: number) => async () =>
  (await topicEndOffsets(kafka, topicName('items', prefix))) >= n;

/** N more orders, with record numbers of their own; every tenth carries one picture of its own (no dedup). */
function ordersWithPictures(sim: Simulator): { orders: HotlineWorkOrder[]; pictures: number } {
  let pictures = 0;
  const orders = generateWorkOrders(N, 6).map(({ order }, i) => {
    const o = { ...order, recordNo: `9${order.recordNo.slice(1)}` };
    if (i % ATTACHMENT_SHARE !== 0) return o;
    pictures += 1;
    const url = sim.putFile(`bench/${i}.jpg`, media.jpeg(IMAGE_BYTES, `bench-${i}`), 'image/jpeg');
    return { ...o, attachments: [{ fileName: `${i}.jpg`, fileType: '图片', fileUrl: url }] };
  });
  return { orders, pictures };
}

async function main(): Promise<void> {
  const { brokers, dbUrl, ds, kafka, prefix } = await startKafkaBench(
    'ingest',
    'postgres://postgres@127.0.0.1:5432/minsheng_bench_ingest',
  );
  const blobDir = mkdtempSync(join(tmpdir(), 'minsheng-bench-blobs-'));

  log(`generating ${N} work orders`);
  const sim = await startSimulator({ port: 0, orders: generateWorkOrders(N, 5).map((g) => g.order) });
  const simAtt = await startSimulator({ port: 0, orders: [] });
  await addInstance(ds, 'bench-hotline', sim);
  const connectors = new AppProcess('connectors', {
    DATABASE_URL: dbUrl,
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC_PREFIX: prefix,
    OUTBOX_BATCH_SIZE: '1000',
    OUTBOX_POLL_MS: '50',
    BLOB_DIR: blobDir,
    ATTACHMENT_POLL_MS: '100',
    LOG_LEVEL: 'info',
  });
  try {
    await connectors.start();
    const plainDone = await until('plain items', published(kafka, prefix, N));
    const plainSeconds = (plainDone - (await firstPull(ds, 'bench-hotline'))) / 1000;
    const pid = connectors.pid;
    const peakPlain = pid ? peakRssMb(pid) : null;
    log(`${N} items without attachments in ${plainSeconds.toFixed(1)} s`);

    const { orders, pictures } = ordersWithPictures(simAtt);
    for (const o of orders) simAtt.upsertOrder(o);
    log(`${N} more items, ${pictures} with a ${IMAGE_BYTES / 1024} KB picture`);
    await addInstance(ds, 'bench-hotline-att', simAtt);
    const itemsDone = await until('items with attachments', published(kafka, prefix, 2 * N));
    const blobsDone = await until('pictures stored', async () => {
      const [{ n }] = await ds.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM item_attachments WHERE status = 'stored'`,
      );
      return Number(n) >= pictures;
    });
    const start = await firstPull(ds, 'bench-hotline-att');
    const attSeconds = (itemsDone - start) / 1000;
    const blobSeconds = (blobsDone - start) / 1000;
    const round1 = (x: number) => Math.round(x * 10) / 10;
    console.log(
      JSON.stringify({
        items: N,
        seconds: round1(plainSeconds),
        itemsPerSec: Math.round(N / plainSeconds),
        peakRssMb: peakPlain,
        withAttachments: {
          items: N,
          pictures,
          pictureKb: IMAGE_BYTES / 1024,
          seconds: round1(attSeconds),
          itemsPerSec: Math.round(N / attSeconds),
          blobSeconds: round1(blobSeconds),
          blobMbPerSec: round1((pictures * IMAGE_BYTES) / (1024 * 1024) / blobSeconds),
          peakRssMb: pid ? peakRssMb(pid) : null,
        },
      }),
    );
  } finally {
    await connectors.kill('SIGTERM');
    await sim.close();
    await simAtt.close();
    await ds.destroy();
    rmSync(blobDir, { recursive: true, force: true });
    await deleteTopics(kafka, prefix).catch(() => undefined);
  }
}

runBench(main);
