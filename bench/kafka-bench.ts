import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { type Kafka } from 'kafkajs';
import { type DataSource } from 'typeorm';
import { createDataSource, ensureDatabase, migrate } from '../libs/shared/src/db';
import { ensureTopics } from '../libs/shared/src/kafka';
import { testKafka } from '../test/support/kafka-helpers';
import { REPO } from '../test/support/paths';

export interface KafkaBench {
  brokers: string;
  dbUrl: string;
  /** Open on the freshly migrated database; the bench closes it. */
  ds: DataSource;
  kafka: Kafka;
  /** A topic prefix of this run's own: its topics are deleted at the end and never meet another run's. */
  prefix: string;
}

/**
 * What the Kafka benches start from: the broker up (started when none answers), their database dropped and
 * migrated afresh (BENCH_DATABASE_URL or the default), and the hub's topics under a new prefix.
 */
export async function startKafkaBench(bench: string, defaultDbUrl: string): Promise<KafkaBench> {
  execFileSync('bash', [join(REPO, 'scripts', 'kafka.sh'), 'up'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  const dbUrl = process.env.BENCH_DATABASE_URL ?? defaultDbUrl;
  await ensureDatabase(dbUrl);
  const ds = createDataSource(dbUrl, { poolSize: 2 });
  await ds.initialize();
  await ds.query(`DROP SCHEMA public CASCADE; CREATE SCHEMA public`);
  await migrate(ds);
  const prefix = `bench-${bench}-${Date.now()}.`;
  const kafka = testKafka(brokers);
  await ensureTopics(kafka, prefix);
  return { brokers, dbUrl, ds, kafka, prefix };
}
