import { Kafka, type KafkaConfig, logLevel, type LogEntry, type logCreator } from 'kafkajs';
import { type Logger } from '../logging/logger';

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
export function kafkaConfig(brokers: string, clientId: string, logger: Logger): KafkaConfig {
  return {
    clientId,
    brokers: brokers.split(','),
    logLevel: logLevel.WARN,
    logCreator: pinoLogCreator(logger),
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5000 },
    connectionTimeout: 3000,
  };
}

export function createKafka(brokers: string, clientId: string, logger: Logger): Kafka {
  return new Kafka(kafkaConfig(brokers, clientId, logger));
}
