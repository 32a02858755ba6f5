import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type Kafka } from 'kafkajs';
import { type DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../config';
import { createDataSource } from '../db/data-source';
import { createKafka } from '../kafka/kafka-client';
import { createLogger, type Logger } from '../logging/logger';
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
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.db.isInitialized) await this.db.destroy();
  }
}

/** Config (validated once), the masked JSON logger, PostgreSQL, Kafka and the secret box, for any app of the hub. */
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
          useFactory: (): Kafka => createKafka(config.KAFKA_BROKERS, `minsheng-${service}`, logger),
        },
        // One key holder per process: connector, push and webhook secrets are opened with the same SECRETS_KEY.
        { provide: SecretBox, useFactory: () => secretBoxOf(config) },
        CoreShutdown,
      ],
      exports: [APP_CONFIG, APP_LOGGER, DATA_SOURCE, KAFKA, SecretBox],
    };
  }
}

export type { AppConfig, Logger };
