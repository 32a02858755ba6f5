import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { type DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../config';
import { createDataSource } from '../db/data-source';
import { createKafka, kafkaConnection } from '../kafka/kafka-client';
import { createLogger, type Logger } from '../logging/logger';
import { KafkaProbe } from '../observability/kafka-probe';
import { createMetricsRegistry } from '../observability/registry';
import { SecretBox, secretBoxOf } from '../secrets/secret-box';
import { APP_CONFIG, APP_LOGGER, DATA_SOURCE, KAFKA } from './tokens';

export class PendingMigrationsError extends Error {
  constructor() {
    super('The database has pending migrations; run `npm run migrate` first');
    this.name = 'PendingMigrationsError';
  }
}

async function openDatabase(config: AppConfig, service: string): Promise<DataSource> {
  const ds = createDataSource(config.DATABASE_URL, { applicationName: `minsheng-${service}` });
  await ds.initialize();
  // Apps never migrate on their own: several replicas racing to migrate is how schemas get corrupted.
  if (await ds.showMigrations()) {
    await ds.destroy();
    throw new PendingMigrationsError();
  }
  return ds;
}

class CoreShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(KafkaProbe) private readonly kafkaProbe: KafkaProbe,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.kafkaProbe.close();
    if (this.db.isInitialized) await this.db.destroy();
  }
}

/**
 * Config (validated once), the masked JSON logger, PostgreSQL, Kafka, the secret box, the metrics registry and the
 * Kafka probe, for any app of the hub.
 */
@Global()
@Module({})
export class CoreModule {
  static forApp(service: string): DynamicModule {
    const config = loadConfig();
    const logger = createLogger(service, config.LOG_LEVEL);
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_LOGGER, useValue: logger },
        { provide: DATA_SOURCE, useFactory: () => openDatabase(config, service) },
        {
          provide: KAFKA,
          useFactory: (): Kafka => createKafka(kafkaConnection(config), `minsheng-${service}`, logger),
        },
        // One key holder per process: connector, push and webhook secrets are opened with the same SECRETS_KEY.
        { provide: SecretBox, useFactory: () => secretBoxOf(config) },
        // The app's metrics (prom-client) and the cached Kafka check its readiness probe and /health share.
        { provide: Registry, useFactory: () => createMetricsRegistry(service) },
        { provide: KafkaProbe, inject: [KAFKA], useFactory: (kafka: Kafka) => new KafkaProbe(kafka) },
        CoreShutdown,
      ],
      exports: [APP_CONFIG, APP_LOGGER, DATA_SOURCE, KAFKA, SecretBox, Registry, KafkaProbe],
    };
  }
}

export type { AppConfig, Logger };
