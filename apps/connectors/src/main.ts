import '@minsheng/shared/read-committed';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@minsheng/shared/config';
import { ControlPlaneServer } from '@minsheng/shared/control';
import { kafkaConnection, topicReplication } from '@minsheng/shared/kafka';
import { createLogger, PinoNestLogger } from '@minsheng/shared/logging';
import { runApp } from '@minsheng/shared/runtime';
import { ConnectorsModule } from './connectors.module';

// Pulls run on their own schedules; the Kafka transport only carries the gateway's requests (decision 020).
void runApp('connectors', async () => {
  const config = loadConfig();
  const logger = createLogger('connectors', config.LOG_LEVEL);
  const app = await NestFactory.createMicroservice(ConnectorsModule, {
    strategy: new ControlPlaneServer({
      target: 'connectors',
      kafka: kafkaConnection(config),
      replication: topicReplication(config),
      prefix: config.KAFKA_TOPIC_PREFIX,
      logger,
    }),
    logger: new PinoNestLogger(logger),
  });
  await app.listen();
  return app;
});
