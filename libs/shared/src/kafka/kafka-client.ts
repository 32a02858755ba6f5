import { readFileSync } from 'node:fs';
import { Kafka, type KafkaConfig, logLevel, type LogEntry, type logCreator, type SASLOptions } from 'kafkajs';
import { type AppConfig, ConfigError } from '../config';
import { type Logger } from '../logging/logger';

/** Where Kafka is and how to reach it: every kafkajs client of every app is built from one of these. */
export interface KafkaConnection {
  brokers: string;
  /** TLS; `ca` is the PEM of the brokers' CA (unset: the system CAs). */
  ssl?: { ca?: string };
  sasl?: SASLOptions;
}

/**
 * The connection the configuration describes. Checked here, where a Kafka client is made, not in loadConfig: the
 * scripts that never touch Kafka (migrate, keys) share the apps' ConfigMap without the apps' Kafka credentials. The
 * CA file is read once, at boot, so a missing one fails then.
 */
export function kafkaConnection(
  config: Pick<
    AppConfig,
    | 'KAFKA_BROKERS'
    | 'KAFKA_SSL'
    | 'KAFKA_SSL_CA_FILE'
    | 'KAFKA_SASL_MECHANISM'
    | 'KAFKA_SASL_USERNAME'
    | 'KAFKA_SASL_PASSWORD'
  >,
): KafkaConnection {
  const {
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: username,
    KAFKA_SASL_PASSWORD: password,
  } = config;
  if (mechanism !== 'none' && (!username || !password))
    throw new ConfigError([
      `KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`,
    ]);
  const sasl: SASLOptions | undefined =
    mechanism === 'none' ? undefined : ({ mechanism, username, password } as SASLOptions);
  return {
    brokers: config.KAFKA_BROKERS,
    ssl: config.KAFKA_SSL
      ? { ca: config.KAFKA_SSL_CA_FILE ? readFileSync(config.KAFKA_SSL_CA_FILE, 'utf8') : undefined }
      : undefined,
    sasl,
  };
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** kafkajs logs through our JSON logger; its INFO chatter (joins, rebalances) is demoted to debug. */
export function pinoLogCreator(logger: Logger): logCreator {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      const target = level === logLevel.INFO ? 'debug' : (LEVELS[level] ?? 'debug');
      logger[target]({ kafka: extra }, `kafkajs: ${message}`);
    };
}

/** One client configuration for every Kafka client of the hub, kafkajs' own and the one under Nest's transport. */
export function kafkaConfig(connection: KafkaConnection, clientId: string, logger: Logger): KafkaConfig {
  const { ssl, sasl } = connection;
  return {
    clientId,
    brokers: connection.brokers.split(','),
    ssl: ssl ? (ssl.ca ? { ca: [ssl.ca] } : true) : false,
    sasl,
    logLevel: logLevel.WARN,
    logCreator: pinoLogCreator(logger),
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5000 },
    connectionTimeout: 3000,
  };
}

export function createKafka(connection: KafkaConnection, clientId: string, logger: Logger): Kafka {
  return new Kafka(kafkaConfig(connection, clientId, logger));
}
