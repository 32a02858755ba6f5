import { type Kafka } from 'kafkajs';
import { ensureTopics } from '../../libs/shared/src/kafka';
import { startSimulator, type Simulator } from '../simulator/simulator';
import { type HotlineWorkOrder } from '../simulator/hotline-orders';
import { AppProcess, type AppName } from './app-process';
import { deleteTopics, testKafka, uniquePrefix } from './kafka-helpers';
import { TEST_APP_KEYS, TEST_KAFKA_BROKERS } from './paths';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface HubFixture {
  db: TestDatabase;
  kafka: Kafka;
  prefix: string;
  sim: Simulator;
  apps: Record<AppName, AppProcess>;
  env: Record<string, string>;
  addHotlineInstance(opts?: {
    id?: string;
    schedule?: string;
    pageSize?: number;
    enabled?: boolean;
  }): Promise<string>;
  close(): Promise<void>;
}

let portSeed = 3100 + Math.floor(Math.random() * 500);

/** Everything a flow test needs, isolated: its own database clone, its own topic prefix, its own simulator. */
export async function startHub(
  label: string,
  opts: {
    orders?: HotlineWorkOrder[];
    brokers?: string;
    createTopics?: boolean;
    simToken?: string;
    /** More variables for every app, e.g. a shorter CONTROL_PLANE_TIMEOUT_MS. */
    env?: Record<string, string>;
  } = {},
): Promise<HubFixture> {
  const brokers = opts.brokers ?? TEST_KAFKA_BROKERS;
  const db = await createTestDatabase(label);
  const prefix = uniquePrefix(label);
  const kafka = testKafka(brokers);
  if (opts.createTopics !== false) await ensureTopics(kafka, prefix);
  const sim = await startSimulator({ port: 0, orders: opts.orders, token: opts.simToken });
  portSeed += 1;
  const env = {
    ...TEST_APP_KEYS,
    DATABASE_URL: db.url,
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC_PREFIX: prefix,
    GATEWAY_PORT: String(portSeed),
    // Any free port: several routers or connectors of one test (replicas) must not fight over 3001/3002.
    CONNECTORS_HTTP_PORT: '0',
    ROUTER_HTTP_PORT: '0',
    OUTBOX_POLL_MS: '100',
    CONNECTORS_RELOAD_MS: '1000',
    RULES_RELOAD_MS: '1000',
    ...opts.env,
  };
  const apps = {
    gateway: new AppProcess('gateway', env),
    connectors: new AppProcess('connectors', env),
    router: new AppProcess('router', env),
  };
  return {
    db,
    kafka,
    prefix,
    sim,
    apps,
    env,
    async addHotlineInstance({
      id = 'hotline-fy',
      schedule = '*/2 * * * * *',
      pageSize = 100,
      enabled = true,
    } = {}) {
      await db.query(
        `INSERT INTO connector_instances (id, type, name, config, schedule, enabled) VALUES ($1, 'hotline_12345', $2, $3, $4, $5)`,
        [
          id,
          '阜阳市12345热线工单',
          JSON.stringify({ baseUrl: sim.url, token: sim.token, pageSize }),
          schedule,
          enabled,
        ],
      );
      return id;
    },
    async close() {
      await Promise.all(Object.values(apps).map((a) => a.kill('SIGTERM')));
      await sim.close();
      await db.drop();
      await deleteTopics(kafka, prefix).catch(() => undefined);
    },
  };
}
