import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { sampleItem } from '../fixtures/appeal-item';
import { AppProcess } from '../support/app-process';
import { DedicatedKafka } from '../support/dedicated-kafka';
import { startHub } from '../support/hub-fixture';
import { Collector, publishJson, waitFor } from '../support/kafka-helpers';

/**
 * `scripts/kafka.sh` with KAFKA_SCRAM_PORT: the broker also takes TLS + SASL/SCRAM-SHA-512 clients; the apps' Kafka
 * settings (KAFKA_SSL, KAFKA_SSL_CA_FILE, KAFKA_SASL_*) are tested against it. A dedicated broker: the shared one is
 * never restarted.
 */
describe('SCRAM listener of scripts/kafka.sh', () => {
  const kafka = new DedicatedKafka(19292, 19293, 19294);
  const topic = 'scram-test';
  const scram: SASLOptions = {
    mechanism: 'scram-sha-512',
    username: 'minsheng',
    password: 'minsheng-dev-scram',
  };
  let ca: string;

  const client = (sasl: SASLOptions, ssl: boolean, retries = 0) =>
    new Kafka({
      clientId: 'scram-test',
      brokers: ['127.0.0.1:19294'],
      logLevel: logLevel.NOTHING,
      ssl: ssl ? { ca: [ca] } : false,
      sasl,
      connectionTimeout: 3000,
      retry: { retries },
    });

  beforeAll(async () => {
    await kafka.up();
    ca = readFileSync(join(kafka.home, 'tls', 'ca.pem'), 'utf8');
  });

  afterAll(async () => {
    await kafka.destroy();
  });

  // First: run after a successful SCRAM session in the same process, the wrong-password connect was seen to
  // succeed (kafkajs 2.2.4; a fresh process refuses it) — left to the TLS/SASL client step to explain.
  it('refuses a wrong password and a client without TLS', async () => {
    const attempt = async (kafkaClient: Kafka) => {
      const admin = kafkaClient.admin();
      try {
        await admin.connect();
        return await admin.listTopics();
      } finally {
        await admin.disconnect();
      }
    };
    await expect(attempt(client({ ...scram, password: 'not-the-password' }, true))).rejects.toThrow(
      /SASL SCRAM SHA512 authentication failed/,
    );
    await expect(attempt(client(scram, false))).rejects.toThrow();
  });

  it('produces and consumes over TLS with the SCRAM user, verifying the certificate for 127.0.0.1', async () => {
    // The idempotent producer needs retries; the refusals below must fail at once.
    const secure = client(scram, true, 3);
    const admin = secure.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();

    const producer = secure.producer({ idempotent: true });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'over SASL_SSL' }] });
    await producer.disconnect();

    const seen: string[] = [];
    const consumer = secure.consumer({ groupId: 'scram-test-reader' });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        seen.push(message.value?.toString('utf8') ?? '');
        return Promise.resolve();
      },
    });
    await waitFor('the message back', () => seen.length > 0, 30_000);
    await consumer.disconnect();
    expect(seen).toEqual(['over SASL_SSL']);
  });

  it('runs the router end to end over TLS + SCRAM from its configuration alone', async () => {
    // The test's own clients (topics, the item, the reader) use the plaintext listener; the router only the SCRAM one.
    const hub = await startHub('scram', { brokers: kafka.brokers });
    const secureEnv = {
      ...hub.env,
      KAFKA_BROKERS: `127.0.0.1:${kafka.scramPort}`,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: join(kafka.home, 'tls', 'ca.pem'),
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: scram.username,
      KAFKA_SASL_PASSWORD: scram.password,
    };
    const router = new AppProcess('router', secureEnv);
    const refused = new AppProcess('router', {
      ...secureEnv,
      KAFKA_SASL_PASSWORD: 'not-the-password',
      ROUTER_INSTANCE_ID: 'router-refused',
    });
    const collector = new Collector(hub.kafka, hub.prefix, ['routed', 'triage']);
    try {
      await collector.start();
      await router.start();
      const item = sampleItem({ id: `ap_${'5'.repeat(32)}`, traceId: 'trace-scram' });
      await publishJson(hub.kafka, hub.prefix, 'items', item.id, item);
      await waitFor(
        'the ticket routed over SASL_SSL',
        () => collector.messages.some((m) => m.key === item.id),
        60_000,
      );
      const ready = await fetch(`${await router.httpUrl()}/health/ready`);
      expect([ready.status, await ready.json()]).toEqual([
        200,
        { status: 'ok', checks: { postgres: 'up', kafka: 'up' } },
      ]);

      // A wrong password: the process runs (live) but is never ready, and routes nothing.
      await refused.start(60_000, 'ops http listening');
      const refusedUrl = await refused.httpUrl();
      const answer = await fetch(`${refusedUrl}/health/ready`);
      expect([answer.status, await answer.json()]).toEqual([
        503,
        { status: 'unavailable', checks: { postgres: 'up', kafka: 'down' } },
      ]);
      expect(refused.lines.some((l) => l.includes('router consuming'))).toBe(false);
    } finally {
      await refused.kill('SIGKILL');
      await router.kill('SIGTERM');
      await collector.stop();
      await hub.close();
    }
  });
});
