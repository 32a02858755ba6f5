import { HttpStatus, Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type Kafka, type Producer } from 'kafkajs';
import { type FeedbackV1, feedbackV1Schema, topicName } from '@minsheng/shared/contracts';
import { ensureTopics, topicReplication } from '@minsheng/shared/kafka';
import { currentCorrelationId } from '@minsheng/shared/logging';
import { APP_CONFIG, APP_LOGGER, KAFKA, type AppConfig, type Logger } from '@minsheng/shared/runtime';
import { ApiError } from '../common/api-error';

/**
 * The gateway's one Kafka producer: feedback and manual dispatches go to appeal.feedback.v1 (key = item id), where the
 * router turns them into decisions. Connected on first use, so the gateway serves reads while Kafka is down;
 * disconnected on shutdown. A send is acknowledged by all in-sync replicas before the caller hears 202.
 */
@Injectable()
export class FeedbackPublisher implements OnApplicationShutdown {
  private producer?: Promise<Producer>;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async publish(event: FeedbackV1): Promise<void> {
    // The router dead-letters what does not validate; refuse it here instead, where the caller can still be told.
    const checked = feedbackV1Schema.parse(event);
    try {
      const producer = await this.connected();
      await producer.send({
        topic: topicName('feedback', this.config.KAFKA_TOPIC_PREFIX),
        acks: -1,
        messages: [
          {
            key: checked.itemId,
            value: JSON.stringify(checked),
            headers: { kind: checked.kind, correlationId: currentCorrelationId() ?? '' },
          },
        ],
      });
    } catch (e) {
      this.logger.error({ err: e, eventId: event.eventId }, 'feedback not published');
      throw new ApiError(
        'unavailable',
        'the event could not be published to Kafka; nothing changed, try again',
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    }
  }

  private connected(): Promise<Producer> {
    this.producer ??= (async () => {
      // The router creates the topics at start; a gateway that publishes first must not let the broker auto-create
      // them with its default partition count.
      await ensureTopics(this.kafka, this.config.KAFKA_TOPIC_PREFIX, topicReplication(this.config));
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
      });
      await producer.connect();
      return producer;
    })().catch((e: unknown) => {
      this.producer = undefined; // the next call tries again
      throw e;
    });
    return this.producer;
  }

  async onApplicationShutdown(): Promise<void> {
    const producer = await this.producer?.catch(() => undefined);
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }
}
