import { Global, Module } from '@nestjs/common';
import { ControlPlaneClient } from '@minsheng/shared/control';
import { kafkaConnection, topicReplication } from '@minsheng/shared/kafka';
import { APP_CONFIG, APP_LOGGER, type AppConfig, type Logger } from '@minsheng/shared/runtime';
import { ControlPlane } from './control-plane';

@Global()
@Module({
  providers: [
    {
      provide: ControlPlaneClient,
      useFactory: (config: AppConfig, logger: Logger) =>
        new ControlPlaneClient({
          service: 'gateway',
          kafka: kafkaConnection(config),
          replication: topicReplication(config),
          prefix: config.KAFKA_TOPIC_PREFIX,
          answerMs: config.CONTROL_PLANE_TIMEOUT_MS,
          workMs: config.CONTROL_PLANE_WORK_TIMEOUT_MS,
          logger,
        }),
      inject: [APP_CONFIG, APP_LOGGER],
    },
    ControlPlane,
  ],
  exports: [ControlPlane],
})
export class ControlPlaneModule {}
