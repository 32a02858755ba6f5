import { spawn } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import { ensureTopics } from '../../libs/shared/src/kafka';
import { type Cleanup } from './cleanup';
import { KAFKA_SCRIPT, REPO } from './paths';
import { detail } from './ui';

/** Topics of earlier demo runs look like this; nothing else on the broker is ever deleted. */
const DEMO_TOPIC = /^demo-\d+\./;

function demoKafka(brokers: string): Kafka {
  // Silent: a broker that does not answer yet is an expected state here, reported in our own words.
  return new Kafka({
    clientId: 'minsheng-demo',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    retry: { retries: 1, initialRetryTime: 200 },
  });
}

/** Runs scripts/kafka.sh; its own lines ([kafka] …) are shown indented under the step. */
function kafkaScript(command: 'status' | 'up' | 'down', show: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [KAFKA_SCRIPT, command], {
      cwd: REPO,
      // The script creates unprefixed topics on `up`; the demo's prefix is applied by ensureTopics instead.
      env: { ...process.env, KAFKA_TOPIC_PREFIX: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const relay = (chunk: Buffer): void => {
      if (show) detail(chunk.toString('utf8').trimEnd());
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function brokerAnswers(brokers: string): Promise<boolean> {
  const admin = demoKafka(brokers).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** The single-node broker scripts/kafka.sh manages listens here; any other KAFKA_BROKERS is someone else's. */
function isScriptBroker(brokers: string): boolean {
  return brokers === `127.0.0.1:${process.env.KAFKA_PORT ?? '9092'}`;
}

/**
 * Makes sure a broker answers. Kafka is stopped on exit only if this run started it: a broker that was already
 * up (another checkout, the test suite, a developer's session) is left alone.
 */
export async function ensureKafka(brokers: string, cleanup: Cleanup): Promise<void> {
  if (isScriptBroker(brokers) && (await kafkaScript('status', false)) === 0) {
    detail(`already running at ${brokers} (started earlier; it stays running after the demo)`);
    return;
  }
  if (await brokerAnswers(brokers)) {
    detail(`a broker answers at ${brokers} (not started by the demo; it stays running)`);
    return;
  }
  if (!isScriptBroker(brokers)) {
    throw new Error(
      `KAFKA_BROKERS=${brokers} does not answer, and it is not the local broker scripts/kafka.sh runs`,
    );
  }
  // Registered before `up` so that Ctrl-C during a first-run download still stops whatever got started.
  cleanup.add('Kafka', async () => {
    console.log('      stopping Kafka (the demo started it)');
    await kafkaScript('down', true);
  });
  detail('starting the local broker (the first run downloads Apache Kafka from Maven Central)');
  const code = await kafkaScript('up', true);
  if (code !== 0) throw new Error(`scripts/kafka.sh up failed (exit ${code}); see .run/kafka-*/stdout.log`);
}

/**
 * Creates this run's topics and deletes those of earlier demo runs, so repeated demos do not pile up
 * partitions on the developer's broker.
 */
export async function prepareTopics(brokers: string, prefix: string): Promise<{ pruned: number }> {
  const kafka = demoKafka(brokers);
  await ensureTopics(kafka, prefix);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const stale = (await admin.listTopics()).filter((t) => DEMO_TOPIC.test(t) && !t.startsWith(prefix));
    if (stale.length) await admin.deleteTopics({ topics: stale, timeout: 10000 });
    return { pruned: stale.length };
  } catch {
    // Tidying is a courtesy; a broker that refuses deletes must not stop the demo.
    return { pruned: 0 };
  } finally {
    await admin.disconnect();
  }
}
