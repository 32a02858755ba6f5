import '@minsheng/shared/read-committed';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@minsheng/shared/config';
import { ControlPlaneServer } from '@minsheng/shared/control';
import { kafkaConnection, topicReplication } from '@minsheng/shared/kafka';
import { createLogger, PinoNestLogger } from '@minsheng/shared/logging';
import { runApp } from '@minsheng/shared/runtime';
import { RouterModule } from './router.module';

// Items, feedback and decisions flow through kafkajs with transactions; Nest's Kafka transport carries only the
// gateway's requests (decision 020).
void runApp('router', async () => {
  const config = loadConfig();
  const logger = createLogger('router', config.LOG_LEVEL);
  const app = await NestFactory.createMicroservice(RouterModule, {
    strategy: new ControlPlaneServer({
      target: 'router',
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
