import { type FactoryProvider } from '@nestjs/common';
import { Registry } from 'prom-client';
import { DatabaseRepository } from '../db/database.repository';
import { APP_CONFIG, APP_LOGGER } from '../runtime/tokens';
import { type AppConfig } from '../config';
import { type Logger } from '../logging/logger';
import { KafkaProbe } from './kafka-probe';
import { OpsServer } from './ops-server';
import { type ReadinessChecks } from './readiness';

/**
 * The OpsServer of an app without an HTTP API, on its configured address; ready when PostgreSQL answers and, if the
 * app needs it to work at all, Kafka (the cached probe).
 */
export function opsServerProvider(
  address: (config: AppConfig) => { host: string; port: number },
  needs: { kafka: boolean },
): FactoryProvider<OpsServer> {
  return {
    provide: OpsServer,
    inject: [APP_CONFIG, APP_LOGGER, Registry, DatabaseRepository, KafkaProbe],
    useFactory: (
      config: AppConfig,
      logger: Logger,
      registry: Registry,
      database: DatabaseRepository,
      kafka: KafkaProbe,
    ) => {
      const ready: ReadinessChecks = {
        postgres: async () => {
          await database.ping();
          return true;
        },
      };
      if (needs.kafka) ready.kafka = () => kafka.up();
      return new OpsServer({ ...address(config), registry, ready, logger });
    },
  };
}
