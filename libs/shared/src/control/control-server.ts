import { ServerKafka } from '@nestjs/microservices';
import { Kafka } from 'kafkajs';
import { type TopicReplication } from '../kafka/ensure-topics';
import { kafkaConfig, type KafkaConnection } from '../kafka/kafka-client';
import { type Logger } from '../logging/logger';
import {
  CONTROL_GROUP,
  controlTopic,
  type ControlPattern,
  type ControlTarget,
  ensureControlTopics,
} from './control-topics';

export interface ControlServerSettings {
  target: ControlTarget;
  kafka: KafkaConnection;
  /** Of the control topics, when this server creates them. */
  replication?: TopicReplication;
  prefix: string;
  logger: Logger;
}

/**
 * Nest's Kafka transport for the answering side of the control plane (`@MessagePattern` handlers), with two changes:
 * - the handlers' patterns get KAFKA_TOPIC_PREFIX (a decorator's pattern is fixed when the class loads; the prefix is
 *   configuration), so `@MessagePattern(CONTROL_PATTERNS.check)` listens on `<prefix>minsheng.control.…`;
 * - it joins Kafka in the background and keeps trying: the app starts (and pulls, and routes) while Kafka is down,
 *   as it always did; until it has joined, the gateway answers 503.
 * Every replica of an app is in one consumer group, so exactly one of them takes each request.
 */
export class ControlPlaneServer extends ServerKafka {
  private closing = false;

  constructor(private readonly settings: ControlServerSettings) {
    const group = `${settings.prefix}${CONTROL_GROUP[settings.target]}`;
    super({
      postfixId: '',
      client: kafkaConfig(settings.kafka, `${group}`, settings.logger),
      // A dead replica's partitions move after the session timeout; until then its share of requests waits (503).
      consumer: {
        groupId: group,
        sessionTimeout: 10_000,
        heartbeatInterval: 2000,
        allowAutoTopicCreation: false,
      },
      // A new group reads from the start: a request sent while it was joining is still taken (expired ones are not).
      subscribe: { fromBeginning: true },
      producer: { allowAutoTopicCreation: false },
    });
  }

  override listen(callback: (err?: unknown, ...optionalParams: unknown[]) => void): Promise<void> {
    for (const [pattern, handler] of [...this.messageHandlers]) {
      this.messageHandlers.delete(pattern);
      this.messageHandlers.set(controlTopic(pattern as ControlPattern, this.settings.prefix), handler);
    }
    callback();
    void this.joinUntilListening();
    return Promise.resolve();
  }

  override async close(): Promise<void> {
    this.closing = true;
    await super.close();
  }

  private async joinUntilListening(): Promise<void> {
    const { logger, prefix, target, kafka, replication } = this.settings;
    for (let attempt = 1; !this.closing; attempt++) {
      try {
        await ensureControlTopics(
          new Kafka(kafkaConfig(kafka, `minsheng-${target}-admin`, logger)),
          prefix,
          target,
          replication,
        );
        await new Promise<void>(
          (resolve, reject) =>
            void super.listen((err?: unknown) =>
              err ? reject(err instanceof Error ? err : new Error(JSON.stringify(err))) : resolve(),
            ),
        );
        if (this.closing) await super.close();
        else
          logger.info(
            { groupId: this.groupId, topics: [...this.messageHandlers.keys()] },
            'control plane listening',
          );
        return;
      } catch (e) {
        if (attempt === 1)
          logger.warn({ err: e }, 'control plane cannot join Kafka yet; retrying until it can');
        await super.close().catch(() => undefined);
        await new Promise((r) => setTimeout(r, Math.min(5000, 500 * attempt)));
      }
    }
  }
}
