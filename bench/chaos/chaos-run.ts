import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { type DataSource } from 'typeorm';
import { topicName } from '../../libs/shared/src/contracts';
import { createDataSource, ensureDatabase, migrate } from '../../libs/shared/src/db';
import { appealId } from '../../libs/shared/src/ids';
import { ensureTopics, type TopicReplication } from '../../libs/shared/src/kafka';
import { SecretBox } from '../../libs/shared/src/secrets';
import { generateWorkOrders } from '../../test/simulator/hotline-orders';
import { startSimulator } from '../../test/simulator/simulator';
import { AppProcess } from '../../test/support/app-process';
import { KafkaCluster } from '../../test/support/kafka-cluster';
import { deleteTopics } from '../../test/support/kafka-helpers';
import { TEST_APP_KEYS, TEST_PG_ADMIN_URL } from '../../test/support/paths';
import { readOutputs } from './output-census';
import { PartitionProgress } from './partition-progress';
import { deliveries, push } from './push-load';

export interface ChaosOptions {
  items: number;
  /** The three-node cluster: reused when all three nodes answer, else started here (and stopped at the end). */
  cluster: { basePort: number; dir?: string; wipe?: boolean };
  /** Share of the items pushed through the gateways (the rest are pulled from a 12345 export by the connectors). */
  pushShare: number;
  /** Pace of the pushes, per second: a trickle through the whole run, beside the pulled backlog. */
  pushPerSecond: number;
  routers: number;
  gateways: number;
  connectors: number;
  /** How long the killed broker stays down before it is started again. */
  brokerDownSeconds: number;
  log: (message: string) => void;
}

export interface ChaosResult {
  items: number;
  lost: number;
  duplicates: number;
  brokersKilled: number;
  routersKilled: number;
  /** The longer of the two faults' recoveries (partitions they stopped moving again). */
  recoverySeconds: number | null;
  seconds: number;
  pulled: number;
  pushed: number;
  pushSeconds: number;
  pushRetries: number;
  decisions: number;
  undecided: number;
  deadLetters: number;
  outputRecords: number;
  duplicateSamples?: { decision: string; copies: string[]; origins: string[] }[];
  broker: {
    node: number;
    killedAtSeconds: number;
    /** Items partitions it led when killed. */
    partitionsLed: number[];
    /** Kill → every partition of the hub's topics led by a live broker. */
    recoverySeconds: number | null;
    /** Kill → routing moved again on the items partitions it led (null: nothing more came to them). */
    progressSeconds: number | null;
    restartedAtSeconds: number;
    /** Restart → back in every partition's ISR. */
    backInSyncSeconds: number | null;
  };
  router: {
    killedAtSeconds: number;
    /** Items partitions it held when killed. */
    partitions: number[];
    /** Kill → every one of them taken over (its previous owner fenced) by a live router. */
    recoverySeconds: number | null;
    /** Kill → routing moved again on them (null: nothing more came to them). */
    progressSeconds: number | null;
    /** Kill → the replacement router consuming (null: it did not get there). */
    replacementReadySeconds: number | null;
  };
}

const REPLICATION: TopicReplication = { replicationFactor: 3, minInsyncReplicas: 2 };
const CHANNEL = 'chaos_push';
const HOTLINE_CHANNEL = 'hotline_12345';
const ITEMS_BASE = 'appeal.items.v1';
/** How long an app may take to say it is ready: minutes when a loaded machine runs three brokers and seven apps. */
const START_MS = 600000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => Math.round(ms / 100) / 10;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`chaos: timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(200);
  }
}

/** The items partitions a router was last assigned, from its "partitions assigned" log line. */
function assigned(router: AppProcess, itemsTopic: string): number[] {
  const line = router.lines.filter((l) => l.includes('"partitions assigned"')).pop();
  if (!line) return [];
  const { assignment } = JSON.parse(line) as { assignment: Record<string, number[]> };
  return assignment[itemsTopic] ?? [];
}

/** When every one of `partitions` of the items topic was next taken over by a router, after `since`. */
function takenOver(
  routers: AppProcess[],
  itemsTopic: string,
  partitions: number[],
  since: number,
): number | null {
  const when = new Map<number, number>();
  for (const r of routers)
    for (const line of r.lines) {
      if (!line.includes('"partition taken over"')) continue;
      const { time, topic, partition } = JSON.parse(line) as {
        time: string;
        topic: string;
        partition: number;
      };
      const t = Date.parse(time);
      if (topic !== itemsTopic || t < since || !partitions.includes(partition)) continue;
      when.set(partition, Math.min(when.get(partition) ?? Infinity, t));
    }
  return partitions.every((p) => when.has(p)) ? Math.max(...partitions.map((p) => when.get(p)!)) : null;
}

/** Starts the cluster unless all three nodes already answer; a failure says which ports and why. */
async function clusterUp(cluster: KafkaCluster, log: (m: string) => void): Promise<boolean> {
  const status = await cluster.status();
  if (status === 0) {
    log(`reusing the running cluster ${cluster.brokers}`);
    return false;
  }
  log(`starting the three-node cluster on ${cluster.brokers} (${cluster.dir})`);
  try {
    await cluster.up();
  } catch (e) {
    if (status === 3) await cluster.down().catch(() => undefined);
    const stderr = String((e as { stderr?: string }).stderr ?? (e as Error).message).trim();
    throw new Error(
      `chaos: the three-node Kafka cluster on ${cluster.brokers} did not start (scripts/kafka.sh cluster up):\n${stderr}`,
    );
  }
  // Started here from nothing: stopped here too. A cluster that was partly up belongs to someone else.
  return status === 3;
}

/**
 * The chaos run (issue 11), through the hub's real intake: a 12345 export's backlog pulled by the connectors (pages
 * of 500, the ingest transaction, the outbox) and signed pushes through two gateways (their outbox), relayed by two
 * connectors replicas to a three-broker cluster (topics at RF 3 / min.insync 2) and routed by three router
 * replicas. While items flow, the leader of items partition 0 is SIGKILLed (at a fifth of the items decided) and
 * restarted, and the router holding the most items partitions is SIGKILLed (at half) and replaced. Then a fresh
 * read_committed consumer reads the outputs: every item must come out, and once per decision revision.
 */
export async function runChaos(opts: ChaosOptions): Promise<ChaosResult> {
  const { log } = opts;
  const started = Date.now();
  const at = () => seconds(Date.now() - started);
  const cluster = new KafkaCluster(opts.cluster.basePort, opts.cluster.dir);
  const cleanups: { what: string; run: () => Promise<unknown> }[] = [];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) {
      const t = Date.now();
      await c.run().catch((e: unknown) => log(`cleanup (${c.what}): ${String(e)}`));
      log(`cleanup: ${c.what} (${seconds(Date.now() - t)} s)`);
    }
    cleanups.length = 0;
  };
  const onSignal = () => void cleanup().then(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    // The cluster and the database at once: each takes tens of seconds on a busy machine.
    const dbName = `minsheng_chaos_${randomBytes(3).toString('hex')}`;
    const dbUrl = new URL(TEST_PG_ADMIN_URL);
    dbUrl.pathname = `/${dbName}`;
    const db: DataSource = createDataSource(dbUrl.toString(), { poolSize: 2, applicationName: 'chaos' });
    const [clusterReady, dbReady] = await Promise.allSettled([
      clusterUp(cluster, log).then((startedHere) =>
        cleanups.push({
          what: startedHere || opts.cluster.wipe ? 'cluster stopped' : 'cluster left running',
          run: async () => {
            if (opts.cluster.wipe) await cluster.destroy();
            else if (startedHere) await cluster.down();
            // A reused cluster is left as it was found: all three nodes up.
            else await cluster.up();
          },
        }),
      ),
      ensureDatabase(dbUrl.toString()).then(async () => {
        cleanups.push({
          what: `database ${dbName} dropped`,
          run: async () => {
            if (db.isInitialized) await db.destroy();
            const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
            await admin.connect();
            await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
            await admin.end();
          },
        });
        await migrate(db);
        log(`database ${dbName} migrated`);
      }),
    ]);
    for (const r of [clusterReady, dbReady]) if (r.status === 'rejected') throw r.reason;

    const prefix = `chaos-${Date.now()}.`;
    const kafka = new Kafka({
      clientId: 'minsheng-chaos',
      brokers: cluster.brokers.split(','),
      logLevel: logLevel.NOTHING,
      retry: { initialRetryTime: 300, retries: 15, maxRetryTime: 5000 },
    });
    await ensureTopics(kafka, prefix, REPLICATION);
    // A wiped cluster takes its topics with it.
    if (!opts.cluster.wipe) cleanups.push({ what: 'topics deleted', run: () => deleteTopics(kafka, prefix) });
    const itemsTopic = topicName('items', prefix);
    const allTopics = (['items', 'routed', 'triage', 'feedback', 'dlq'] as const).map((t) =>
      topicName(t, prefix),
    );

    const pushCount = Math.round(opts.items * opts.pushShare);
    const pushes = deliveries(CHANNEL, pushCount, 11);
    const orders = generateWorkOrders(opts.items - pushCount, 12).map((g) => g.order);
    const sim = await startSimulator({ port: 0, orders });
    cleanups.push({ what: 'simulator closed', run: () => sim.close() });
    const secret = randomBytes(24).toString('hex');
    await db.query(`INSERT INTO push_channels (channel, secret, enabled) VALUES ($1, $2, true)`, [
      CHANNEL,
      new SecretBox(TEST_APP_KEYS.SECRETS_KEY).seal(secret),
    ]);

    const env: Record<string, string> = {
      ...TEST_APP_KEYS,
      DATABASE_URL: dbUrl.toString(),
      KAFKA_BROKERS: cluster.brokers,
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_REPLICATION_FACTOR: String(REPLICATION.replicationFactor),
      KAFKA_MIN_INSYNC_REPLICAS: String(REPLICATION.minInsyncReplicas),
      CONNECTORS_HTTP_PORT: '0',
      ROUTER_HTTP_PORT: '0',
      OUTBOX_POLL_MS: '100',
      OUTBOX_BATCH_SIZE: '500',
      CONNECTORS_RELOAD_MS: '1000',
      RULES_RELOAD_MS: '5000',
      LOG_LEVEL: 'info',
    };
    const apps: AppProcess[] = [];
    cleanups.push({ what: 'apps stopped', run: () => Promise.all(apps.map((a) => a.kill('SIGTERM'))) });
    const app = (name: 'gateway' | 'connectors' | 'router', more: Record<string, string> = {}) => {
      const a = new AppProcess(name, { ...env, ...more });
      apps.push(a);
      return a;
    };
    const gatewayPorts = await Promise.all(Array.from({ length: opts.gateways }, freePort));
    const gateways = gatewayPorts.map((port) => app('gateway', { GATEWAY_PORT: String(port) }));
    const connectors = Array.from({ length: opts.connectors }, () => app('connectors'));
    const routers = Array.from({ length: opts.routers }, () => app('router'));
    log(`starting ${opts.gateways} gateways, ${opts.connectors} connectors, ${opts.routers} routers`);
    await Promise.all([...gateways, ...connectors, ...routers].map((a) => a.start(START_MS)));
    await until(
      'the routers to share the six items partitions',
      () => new Set(routers.flatMap((r) => assigned(r, itemsTopic))).size === 6,
      120000,
    );

    const progress = new PartitionProgress(db);
    await progress.start();
    cleanups.push({ what: 'progress watch stopped', run: () => Promise.resolve(progress.stop()) });

    // The flow starts: a 12345 export's backlog pulled in pages of 500, and signed pushes trickling in.
    log(`${orders.length} work orders to pull, ${pushCount} pushes at ${opts.pushPerSecond}/s`);
    await db.query(
      `INSERT INTO connector_instances (id, type, name, config, schedule, enabled)
       VALUES ('chaos-hotline', 'hotline_12345', 'chaos 12345 export', $1, '*/1 * * * * *', true)`,
      [JSON.stringify({ baseUrl: sim.url, token: sim.token, pageSize: 500 })],
    );
    const pushStarted = Date.now();
    const pushing = push(
      gatewayPorts.map((p) => `http://127.0.0.1:${p}`),
      { channel: CHANNEL, secret },
      pushes,
      {
        concurrency: 8,
        perSecond: opts.pushPerSecond,
        giveUpMs: 600000,
      },
    ).then((r) => ({ ...r, seconds: seconds(Date.now() - pushStarted) }));
    // A failed intake must not leave the fault script waiting on progress that never comes.
    let pushFailed: unknown;
    pushing.catch((e: unknown) => (pushFailed = e));
    const decided = (share: number) => () => {
      if (pushFailed) throw pushFailed as Error;
      return progress.count >= opts.items * share;
    };

    // Fault 1: SIGKILL the broker leading items partition 0; start it again after a while.
    await until('a fifth of the items decided', decided(0.2), 600000);
    const admin = kafka.admin();
    await admin.connect();
    cleanups.push({ what: 'admin client closed', run: () => admin.disconnect() });
    const [meta] = (await admin.fetchTopicMetadata({ topics: [itemsTopic] })).topics;
    const metadata = () =>
      admin.fetchTopicMetadata({ topics: allTopics }).then(
        (m) => m.topics,
        () => null,
      );
    const victim = meta.partitions.find((p) => p.partitionId === 0)!.leader;
    const led = meta.partitions.filter((p) => p.leader === victim).map((p) => p.partitionId);
    const beforeBroker = progress.snapshot();
    const brokerKilled = Date.now();
    await cluster.kill(victim);
    const brokerKilledAt = at();
    log(`killed broker ${victim} (leader of items partitions ${led.join(',')}) at ${brokerKilledAt} s`);
    const brokerProgress = progress.advanced(led, beforeBroker, brokerKilled, 300000);
    const failover = until(
      `every partition led by a broker other than ${victim}`,
      async () => {
        // A metadata request can fail while the cluster re-elects: not an answer, ask again.
        const topics = await metadata();
        if (!topics) return false;
        return topics.every((t) => t.partitions.every((p) => p.leader >= 0 && p.leader !== victim));
      },
      120000,
    ).then(
      () => seconds(Date.now() - brokerKilled),
      () => null,
    );
    await sleep(opts.brokerDownSeconds * 1000);
    const restarted = Date.now();
    await cluster.up();
    const brokerRestartedAt = at();
    log(`broker ${victim} restarted at ${brokerRestartedAt} s`);
    const backInSync = until(
      `broker ${victim} back in every partition's ISR`,
      async () => {
        // A metadata request can fail while the cluster re-elects: not an answer, ask again.
        const topics = await metadata();
        if (!topics) return false;
        return topics.every((t) => t.partitions.every((p) => p.isr.includes(victim)));
      },
      300000,
    ).then(
      () => seconds(Date.now() - restarted),
      () => null,
    );

    // Fault 2: SIGKILL the router holding the most items partitions; start a replacement.
    await until('half the items decided', decided(0.5), 600000);
    const victimRouter = routers
      .filter((r) => r.running)
      .sort((a, b) => assigned(b, itemsTopic).length - assigned(a, itemsTopic).length)[0];
    const routerPartitions = assigned(victimRouter, itemsTopic);
    const beforeRouter = progress.snapshot();
    const routerKilled = Date.now();
    await victimRouter.kill('SIGKILL');
    const routerKilledAt = at();
    log(`killed a router (items partitions ${routerPartitions.join(',')}) at ${routerKilledAt} s`);
    const routerProgress = progress.advanced(routerPartitions, beforeRouter, routerKilled, 300000);
    // The replacement's ready line comes once it has joined the group, which waits for the rebalance: the survivors
    // take the dead router's partitions over meanwhile, so recovery is measured from the takeovers, not from this.
    const replacement = app('router');
    const replacementReady = replacement.start(START_MS).then(
      () => {
        const ready = seconds(Date.now() - routerKilled);
        log(`replacement router consuming ${ready} s after the kill`);
        return ready;
      },
      (e: unknown) => {
        log(String(e));
        return null;
      },
    );
    const live = [...routers.filter((r) => r !== victimRouter), replacement];
    let routerRecovered: number | null = null;
    await until(
      "the killed router's partitions taken over",
      () => (routerRecovered = takenOver(live, itemsTopic, routerPartitions, routerKilled)) !== null,
      START_MS,
    ).catch((e: unknown) => log(String(e)));
    log(
      `the killed router's partitions taken over ${seconds((routerRecovered ?? NaN) - routerKilled)} s after the kill`,
    );

    const pushed = await pushing;
    log(`pushes done: ${pushed.accepted.length} accepted in ${pushed.seconds} s (${pushed.retries} retries)`);
    const expected = new Set([
      ...pushed.accepted,
      ...orders.map((o) => appealId(HOTLINE_CHANNEL, o.recordNo)),
    ]);
    await until(
      'every item decided',
      async () => {
        const [row] = await db.query<{ n: string }[]>(
          `SELECT count(DISTINCT item_id) AS n FROM routing_decisions`,
        );
        return Number(row.n) >= expected.size;
      },
      Math.max(600000, opts.items * 100),
    ).catch((e: unknown) => log(String(e)));
    log(`decisions stored at ${at()} s; reading the outputs`);
    const census = await readOutputs(
      kafka,
      [topicName('routed', prefix), topicName('triage', prefix)],
      expected,
      { settleMs: 3000, quietMs: 30000, timeoutMs: 300000 },
    );
    const [decisions] = await db.query<{ n: string }[]>(`SELECT count(*) AS n FROM routing_decisions`);
    const decidedIds = new Set(
      (
        await db.query<{ id: string }[]>(
          `SELECT DISTINCT item_id AS id FROM routing_decisions WHERE source_topic = $1`,
          [ITEMS_BASE],
        )
      ).map((r) => r.id),
    );
    const [dead] = await db.query<{ n: string }[]>(`SELECT count(*) AS n FROM dead_letters`);
    // A failure's report says where the copies sit and which input offset each came from: a producer's retry puts
    // copies side by side in one batch, a re-read after a take-over puts them seconds apart.
    const duplicateSamples = await Promise.all(
      [...census.copies].slice(0, 5).map(async ([decision, copies]) => {
        const [id] = decision.split('#');
        const origins = await db.query<{ origin: string }[]>(
          `SELECT source_topic || ':' || source_partition || ':' || source_offset AS origin
             FROM routing_decisions WHERE item_id = $1 ORDER BY decision_revision`,
          [id],
        );
        return { decision, copies, origins: origins.map((o) => o.origin) };
      }),
    );
    const inSeconds = (ms: number | null) => (ms === null ? null : seconds(ms));
    const brokerSeconds = await failover;
    const routerSeconds = inSeconds(routerRecovered === null ? null : routerRecovered - routerKilled);
    const recoveries = [brokerSeconds, routerSeconds];
    return {
      items: expected.size,
      lost: [...expected].filter((id) => !census.ids.has(id)).length,
      duplicates: [...census.perDecision.values()].filter((n) => n > 1).length,
      brokersKilled: 1,
      routersKilled: 1,
      recoverySeconds: recoveries.includes(null) ? null : Math.max(...(recoveries as number[])),
      seconds: at(),
      pulled: orders.length,
      pushed: pushed.accepted.length,
      pushSeconds: pushed.seconds,
      pushRetries: pushed.retries,
      decisions: Number(decisions.n),
      undecided: [...expected].filter((id) => !decidedIds.has(id)).length,
      deadLetters: Number(dead.n),
      outputRecords: census.records,
      ...(duplicateSamples.length > 0 ? { duplicateSamples } : {}),
      broker: {
        node: victim,
        killedAtSeconds: brokerKilledAt,
        partitionsLed: led,
        recoverySeconds: brokerSeconds,
        progressSeconds: inSeconds(await brokerProgress),
        restartedAtSeconds: brokerRestartedAt,
        backInSyncSeconds: await backInSync,
      },
      router: {
        killedAtSeconds: routerKilledAt,
        partitions: routerPartitions,
        recoverySeconds: routerSeconds,
        progressSeconds: inSeconds(await routerProgress),
        replacementReadySeconds: await replacementReady,
      },
    };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}
